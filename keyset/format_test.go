package keyset_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// ssk1 returns blob with the magic of the earlier container format.
func ssk1(blob []byte) []byte { return append([]byte("SSK1"), blob[4:]...) }

// A container of the earlier format is refused with ErrFormat, saying it
// was written by an older version, by every protector: never misread.
func TestOldContainerIsErrFormat(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			blob, err := b.prot.Seal(newHandle(t), "stream/s")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(blob, []byte("SSK2")) {
				t.Fatalf("container starts %q, want SSK2", blob[:4])
			}
			_, err = b.prot.Open(ssk1(blob), "stream/s")
			if !errors.Is(err, sealstream.ErrFormat) || errors.Is(err, sealstream.ErrWrongKey) || !strings.Contains(fmtErr(err), "older version") {
				t.Errorf("Open of an SSK1 container = %v, want ErrFormat saying an older version wrote it", err)
			}
		})
	}
}

// A keyring finding keysets stored as an older version stored them (under
// the stream's plain name) fails with ErrFormat and makes no new key; a
// key directory whose master an older version wrote fails to open with
// ErrFormat. Forget destroys such a keyset.
func TestOldKeyringIsErrFormat(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			blob, err := b.prot.Seal(newHandle(t), "stream/s")
			if err != nil {
				t.Fatal(err)
			}
			if err := b.store.Put(t.Context(), "stream/s", ssk1(blob)); err != nil {
				t.Fatal(err)
			}
			ring := sskeyset.New(b.store, b.prot)
			for call, f := range calls(ring) {
				if err := f(t); !errors.Is(err, sealstream.ErrFormat) {
					t.Errorf("%s of a stream an older version keyed = %v, want ErrFormat", call, err)
				}
			}
			if _, err := ring.BlobName(t.Context(), "s"); !errors.Is(err, sealstream.ErrNoKey) {
				t.Errorf("a new keyset was made: BlobName = %v", err)
			}
			// Forget destroys such a keyset all the same.
			if err := ring.Forget(t.Context(), "s"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.store.Get(t.Context(), "stream/s"); !errors.Is(err, sskeyset.ErrNotFound) {
				t.Errorf("Forget left the keyset an older version stored: %v", err)
			}
		})
	}
	dir := filepath.Join(t.TempDir(), "keys")
	if _, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret")); err != nil {
		t.Fatal(err)
	}
	d, err := sskeyset.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	master, err := d.Get(t.Context(), sskeyset.MasterName)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Put(t.Context(), sskeyset.MasterName, ssk1(master)); err != nil {
		t.Fatal(err)
	}
	if _, err := sskeyset.OpenDirKeyring(dir, []byte("mysecret")); !errors.Is(err, sealstream.ErrFormat) || !strings.Contains(fmtErr(err), dir) {
		t.Errorf("OpenDirKeyring of a directory an older version wrote = %v, want ErrFormat naming it", err)
	}
}
