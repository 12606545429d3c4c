package httpadapter_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// cheap are argon2id parameters cheap enough for tests.
var cheap = keyset.Argon2Params{Time: 1, Memory: 64, Threads: 1}

// TestBlobStore checks Get, Has, Unchanged, Put, Create, Delete and Sweep
// on the server, names that look like paths or escapes kept apart, and the
// size limit.
func TestBlobStore(t *testing.T) {
	ctx := context.Background()
	ts := startServer(t, nil)
	s := ts.blobStore(t, "all")
	if _, err := s.Get(ctx, "missing"); !errors.Is(err, keyset.ErrNotFound) {
		t.Fatalf("Get of a missing blob = %v, want ErrNotFound", err)
	}
	names := []string{"k/abc", "../k/abc", "k%2Fabc", "K/ABC", keyset.MasterName, strings.Repeat("n", 1024), "é", "a\x00b", "?x=1&y"}
	for i, name := range names {
		if err := s.Create(ctx, name, []byte{byte(i)}); err != nil {
			t.Fatalf("Create(%q): %v", name, err)
		}
	}
	for i, name := range names {
		if b, err := s.Get(ctx, name); err != nil || !bytes.Equal(b, []byte{byte(i)}) {
			t.Fatalf("Get(%q) = %v, %v; want its own blob", name, b, err)
		}
	}
	if err := s.Create(ctx, "k/abc", []byte("other")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Create of a taken name = %v, want fs.ErrExist", err)
	}
	if err := s.Create(ctx, "k/abc", []byte{0}); err != nil {
		t.Fatalf("Create of a name taken by the same blob (a retry) = %v, want nil", err)
	}
	if err := s.Put(ctx, "k/abc", []byte("replaced")); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Get(ctx, "k/abc"); string(b) != "replaced" {
		t.Fatalf("Get after Put = %q", b)
	}
	same, err := s.Unchanged(ctx, "k/abc", []byte("replaced"))
	if err != nil || !same {
		t.Fatalf("Unchanged of the stored blob = %v, %v; want true", same, err)
	}
	if same, _ := s.Unchanged(ctx, "k/abc", []byte("older")); same {
		t.Fatal("Unchanged of another blob = true")
	}
	if has, err := s.Has(ctx, "k/abc"); err != nil || !has {
		t.Fatalf("Has of a stored blob = %v, %v", has, err)
	}
	for range 2 {
		if err := s.Delete(ctx, "k/abc"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
	}
	if has, err := s.Has(ctx, "k/abc"); err != nil || has {
		t.Fatalf("Has after Delete = %v, %v", has, err)
	}
	// A write killed before its rename left a copy in the token's namespace.
	sum := sha256.Sum256([]byte("main/k/abc"))
	leftover := filepath.Join(ts.Dir, ".blobs", ".tmp-"+hex.EncodeToString(sum[:])+"-123")
	if err := os.WriteFile(leftover, []byte("old keyset"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Sweep(ctx, "k/abc"); err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the leftover copy after Sweep: %v", err)
	}
	big := make([]byte, keyset.MaxBlobSize+1)
	if err := s.Put(ctx, "big", big); !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("Put of %d bytes = %v, want ErrTooLarge", len(big), err)
	}
	for _, bad := range []string{"", strings.Repeat("n", 1025)} {
		if err := s.Put(ctx, bad, nil); !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Fatalf("Put under a name of %d bytes = %v, want ErrInvalidArgument", len(bad), err)
		}
	}
}

// TestKeyringOnServer keeps passphrase keyrings on the server: one device
// seals, a second (another keyring, another client) opens after a
// rotation, keyrings racing for a stream's first keyset agree, a wrong
// passphrase is ErrWrongKey, and Forget shreds for every device.
func TestKeyringOnServer(t *testing.T) {
	ctx := context.Background()
	ts := startServer(t, nil)
	ring := func(pass string) *keyset.Keyring {
		return keyset.New(ts.blobStore(t, "all"), keyset.Passphrase([]byte(pass), cheap))
	}
	phone, laptop := ring("correct horse"), ring("correct horse")
	ct, err := streamAEAD(t, phone, "alice").Encrypt([]byte("claim"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	if err := phone.Rotate(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if pt, err := streamAEAD(t, laptop, "alice").Decrypt(ct, []byte("ad")); err != nil || string(pt) != "claim" {
		t.Fatalf("the second device decrypts %q, %v", pt, err)
	}
	rings := []*keyset.Keyring{ring("correct horse"), ring("correct horse"), ring("correct horse"), ring("correct horse")}
	aeads := make([]tink.AEAD, len(rings))
	var wg sync.WaitGroup
	for i := range rings {
		wg.Go(func() { aeads[i] = streamAEAD(t, rings[i], "race") })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	sealed, err := aeads[0].Encrypt([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range aeads {
		if _, err := a.Decrypt(sealed, nil); err != nil {
			t.Fatalf("keyring %d of a race for the first keyset cannot open keyring 0's: %v", i, err)
		}
	}
	if _, err := ring("wrong").StreamAEAD(ctx, "alice"); !errors.Is(err, sealstream.ErrWrongKey) {
		t.Fatalf("a wrong passphrase = %v, want ErrWrongKey", err)
	}
	if err := laptop.Forget(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := phone.StreamAEAD(ctx, "alice"); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("the other device after Forget = %v, want ErrShredded", err)
	}
}

func streamAEAD(t *testing.T, ring *keyset.Keyring, id string) tink.AEAD {
	t.Helper()
	a, err := ring.StreamAEAD(context.Background(), id)
	if err != nil {
		t.Errorf("StreamAEAD(%q): %v", id, err)
	}
	return a
}

var _ keyset.BlobStore = (*httpadapter.BlobStore)(nil)
