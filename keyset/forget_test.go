//go:build unix

package keyset_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream"
)

// Forget of a rotated stream leaves no blob, and no temporary copy of a
// crashed write, holding any epoch of its keyset: not even a superseded
// keyset put back over its own epoch.
func TestForgetDestroysEveryEpoch(t *testing.T) {
	ring, dir := dirRing(t)
	ctx := t.Context()
	var sealed [][]byte
	var first string
	for i := range 3 {
		if i > 0 {
			if err := ring.Rotate(ctx, "s"); err != nil {
				t.Fatal(err)
			}
		} else {
			streamAEAD(t, ring, "s")
		}
		name := blobName(t, ring, "s")
		if i == 0 {
			first = name
		}
		blob, err := os.ReadFile(filepath.Join(dir, blobFile(name)))
		if err != nil {
			t.Fatal(err)
		}
		plant(t, dir, tempOf(name, "7"), blob, 0)
		sealed = append(sealed, blob)
	}
	if err := os.WriteFile(filepath.Join(dir, blobFile(first)), sealed[0], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ring.Forget(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	for _, b := range sealed {
		noFileHolds(t, dir, b)
	}
	noTempFiles(t, dir)
	if _, err := ring.LoadStreamAEAD(ctx, "s"); !errors.Is(err, sealstream.ErrShredded) {
		t.Errorf("LoadStreamAEAD after Forget = %v, want ErrShredded", err)
	}
}
