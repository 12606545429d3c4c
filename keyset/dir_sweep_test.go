//go:build unix

package keyset_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
)

// tempOf is the name of a temporary file of a write of name.
func tempOf(name, random string) string { return ".tmp-" + blobFile(name) + "-" + random }

// plant writes a 0600 file holding data in dir, last modified age ago, as
// a write killed before its rename leaves it.
func plant(t *testing.T, dir, file string, data []byte, age time.Duration) {
	t.Helper()
	path := filepath.Join(dir, file)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mtime := time.Now().Add(-age)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// noFileHolds fails t if a file of dir holds secret.
func noFileHolds(t *testing.T, dir string, secret []byte) {
	t.Helper()
	for _, f := range dirFiles(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, secret) {
			t.Errorf("%s still holds the forgotten sealed keyset", f)
		}
	}
}

// dirRing returns a keyring on a fresh DirStore, and the directory.
func dirRing(t *testing.T) (*sskeyset.Keyring, string) {
	t.Helper()
	d, dir := openDir(t)
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return sskeyset.New(d, sskeyset.MasterKey(kek)), dir
}

func TestForgetSweepsTempKeysets(t *testing.T) {
	ring, dir := dirRing(t)
	ctx := t.Context()
	for _, id := range []string{"s", "other"} {
		if _, err := ring.StreamAEAD(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	s, other := blobName(t, ring, "s"), blobName(t, ring, "other")
	sealed, err := os.ReadFile(filepath.Join(dir, blobFile(s)))
	if err != nil {
		t.Fatal(err)
	}
	plant(t, dir, tempOf(s, "1234567"), sealed, 0)
	plant(t, dir, tempOf(other, "89"), []byte("another stream's write"), 0)
	if err := ring.Forget(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	noFileHolds(t, dir, sealed)
	if _, err := ring.StreamAEAD(ctx, "s"); !errors.Is(err, sealstream.ErrShredded) {
		t.Errorf("StreamAEAD after Forget: err = %v, want ErrShredded", err)
	}
	if _, err := os.Stat(filepath.Join(dir, tempOf(other, "89"))); err != nil {
		t.Errorf("the temporary file of another stream: %v, want it left alone", err)
	}
}

func TestForgetIdentitySweepsTempKeysets(t *testing.T) {
	ring, dir := dirRing(t)
	ctx := t.Context()
	alice, err := sskeyset.NewIdentity("alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ring.StreamAEAD(ctx, "s"); err != nil { // the keyring's own files
		t.Fatal(err)
	}
	before := map[string]bool{}
	for _, f := range dirFiles(t, dir) {
		before[f] = true
	}
	if err := ring.SaveIdentity(ctx, alice); err != nil {
		t.Fatal(err)
	}
	var sealed [][]byte
	for _, f := range dirFiles(t, dir) {
		if before[f] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sealed = append(sealed, b)
		plant(t, dir, ".tmp-"+f+"-42", b, 0)
	}
	if len(sealed) == 0 {
		t.Fatal("SaveIdentity wrote no file")
	}
	if err := ring.ForgetIdentity(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	for _, b := range sealed {
		noFileHolds(t, dir, b)
	}
	if _, err := ring.Identity(ctx, "alice"); !errors.Is(err, sealstream.ErrShredded) {
		t.Errorf("Identity after ForgetIdentity: err = %v, want ErrShredded", err)
	}
}

func TestDirStoreSweepRemovesTheTempFilesOfItsName(t *testing.T) {
	d, dir := openDir(t)
	ctx := t.Context()
	for _, name := range []string{"a", "b"} {
		if err := d.Put(ctx, name, []byte("blob "+name)); err != nil {
			t.Fatal(err)
		}
	}
	gone := []string{tempOf("a", "1"), tempOf("a", "2"), ".tmp-3"}
	kept := []string{tempOf("b", "4"), ".tmp-5"}
	plant(t, dir, gone[0], []byte("x"), 0)
	plant(t, dir, gone[1], []byte("x"), 3*time.Hour)
	plant(t, dir, gone[2], []byte("x"), 3*time.Hour) // earlier naming, stale
	plant(t, dir, kept[0], []byte("x"), 3*time.Hour)
	plant(t, dir, kept[1], []byte("x"), 0) // earlier naming, maybe in progress

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.Sweep(cancelled, "a"); !errors.Is(err, context.Canceled) {
		t.Errorf("Sweep with a cancelled context: err = %v, want context.Canceled", err)
	}
	if err := d.Sweep(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	for _, f := range gone {
		if _, err := os.Lstat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after Sweep: %v, want it removed", f, err)
		}
	}
	for _, f := range kept {
		if _, err := os.Lstat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s after Sweep: %v, want it left alone", f, err)
		}
	}
	for _, name := range []string{"a", "b"} {
		if got, err := d.Get(ctx, name); err != nil || string(got) != "blob "+name {
			t.Errorf("Get(%q) after Sweep = %q, %v", name, got, err)
		}
	}
}
