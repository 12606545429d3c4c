package keyset_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// fast are argon2id parameters cheap enough to derive many times in tests.
var fast = sskeyset.Argon2Params{Time: 1, Memory: 64, Threads: 1}

var (
	plaintext = []byte("event payload")
	ad        = []byte("associated data")
)

// newHandle returns a fresh AES-256-GCM keyset.
func newHandle(t testing.TB) *tinkkeyset.Handle {
	t.Helper()
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// primitive returns the AEAD of h.
func primitive(t testing.TB, h *tinkkeyset.Handle) tink.AEAD {
	t.Helper()
	a, err := aead.New(h)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// encrypt returns the ciphertext of plaintext under a.
func encrypt(t testing.TB, a tink.AEAD) []byte {
	t.Helper()
	ct, err := a.Encrypt(plaintext, ad)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

// mustDecrypt fails t unless a decrypts ct to plaintext.
func mustDecrypt(t testing.TB, a tink.AEAD, ct []byte) {
	t.Helper()
	pt, err := a.Decrypt(ct, ad)
	if err != nil {
		t.Fatalf("Decrypt: %v", err)
	}
	if !bytes.Equal(pt, plaintext) {
		t.Fatalf("Decrypt = %q, want %q", pt, plaintext)
	}
}

// blobFile is the file name a DirStore keeps name under.
func blobFile(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

// blobName returns the store name of streamID's keyset in ring.
func blobName(t testing.TB, ring *sskeyset.Keyring, streamID string) string {
	t.Helper()
	name, err := ring.BlobName(t.Context(), streamID)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// dirFiles returns the names of the entries of dir.
func dirFiles(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// fileOf returns the path of the file that holds name in the empty
// DirStore of dir, found by storing blob under name.
func fileOf(t testing.TB, d *sskeyset.DirStore, dir, name string, blob []byte) string {
	t.Helper()
	if err := d.Put(t.Context(), name, blob); err != nil {
		t.Fatal(err)
	}
	files := dirFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("directory holds %v, want one file", files)
	}
	return filepath.Join(dir, files[0])
}

// noTempFiles fails t if dir holds a temporary file.
func noTempFiles(t testing.TB, dir string) {
	t.Helper()
	for _, f := range dirFiles(t, dir) {
		if strings.HasPrefix(f, ".tmp") {
			t.Errorf("temporary file %s left in the directory", f)
		}
	}
}
