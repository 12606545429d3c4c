package keyset_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/tink"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// openRing opens the directory keyring of dir with pass, failing t on error.
func openRing(t *testing.T, dir string, pass string) *sskeyset.Keyring {
	t.Helper()
	ring, err := sskeyset.OpenDirKeyring(dir, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

// streamAEAD returns the AEAD of streamID in ring, failing t on error.
func streamAEAD(t *testing.T, ring *sskeyset.Keyring, streamID string) tink.AEAD {
	t.Helper()
	a, err := ring.StreamAEAD(t.Context(), streamID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOpenDirKeyringReopens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	ring := openRing(t, dir, "mysecret")
	ct := encrypt(t, streamAEAD(t, ring, "user-1"))
	mustDecrypt(t, streamAEAD(t, openRing(t, dir, "mysecret"), "user-1"), ct)

	if err := ring.Rotate(t.Context(), "user-1"); err != nil {
		t.Fatal(err)
	}
	rotated := encrypt(t, streamAEAD(t, ring, "user-1"))
	again := streamAEAD(t, openRing(t, dir, "mysecret"), "user-1")
	mustDecrypt(t, again, ct)
	mustDecrypt(t, again, rotated)

	for _, f := range dirFiles(t, dir) {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("file %s has mode %04o, want 0600", f, fi.Mode().Perm())
		}
	}
	if n := len(dirFiles(t, dir)); n != 3 {
		t.Errorf("directory holds %d files, want 3 (master and two epochs of one stream)", n)
	}
}

func TestOpenDirKeyringWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	streamAEAD(t, openRing(t, dir, "mysecret"), "user-1")
	if _, err := sskeyset.OpenDirKeyring(dir, []byte("mysecreT")); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Errorf("OpenDirKeyring with a wrong passphrase: err = %v, want ErrWrongKey", err)
	}
	if _, err := sskeyset.OpenDirKeyring(t.TempDir(), nil); !errors.Is(err, sealstream.ErrNoKey) {
		t.Errorf("OpenDirKeyring with an empty passphrase: err = %v, want ErrNoKey", err)
	}
}

func TestOpenDirKeyringTamperedMaster(t *testing.T) {
	dir := t.TempDir()
	openRing(t, dir, "mysecret")
	files := dirFiles(t, dir)
	if len(files) != 1 || files[0] != blobFile(sskeyset.MasterName) {
		t.Fatalf("new keyring directory holds %v, want the master only", files)
	}
	path := filepath.Join(dir, files[0])
	blob, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _, header, _, err := sskeyset.ParseHeader(blob)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{len(header) - 1, len(blob) - 1} { // last salt byte, tag byte
		bad := append([]byte(nil), blob...)
		bad[i] ^= 0x01
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret")); !errors.Is(err, sealstream.ErrWrongKey) {
			t.Errorf("byte %d flipped: err = %v, want ErrWrongKey", i, err)
		}
	}
}

// A stream keyset sealed by another directory's master, under the same
// passphrase, put over a stream's keyset, fails at first use instead of
// giving another key.
func TestOpenDirKeyringForeignKeysetFailsAtFirstUse(t *testing.T) {
	dir1, dir2 := t.TempDir(), t.TempDir()
	ring1, ring2 := openRing(t, dir1, "mysecret"), openRing(t, dir2, "mysecret")
	streamAEAD(t, ring1, "user-1")
	streamAEAD(t, ring2, "user-1")
	blob, err := os.ReadFile(filepath.Join(dir1, blobFile(blobName(t, ring1, "user-1"))))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir2, blobFile(blobName(t, ring2, "user-1"))), blob, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openRing(t, dir2, "mysecret").StreamAEAD(t.Context(), "user-1"); !errors.Is(err, sealstream.ErrIntegrity) {
		t.Errorf("StreamAEAD of a foreign keyset: err = %v, want ErrIntegrity", err)
	}
}

func TestOpenDirKeyringConcurrentCreationAgrees(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	const n = 3
	cts := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ring, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret"))
			if err != nil {
				t.Error(err)
				return
			}
			a, err := ring.StreamAEAD(t.Context(), fmt.Sprint("user-", i))
			if err != nil {
				t.Error(err)
				return
			}
			if cts[i], err = a.Encrypt(plaintext, ad); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	ring := openRing(t, dir, "mysecret")
	for i, ct := range cts {
		mustDecrypt(t, streamAEAD(t, ring, fmt.Sprint("user-", i)), ct)
	}
}
