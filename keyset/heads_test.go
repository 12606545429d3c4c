package keyset_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
)

// useMany opens the keysets of n other streams, pushing older ones out of
// the keyring's cache.
func useMany(t *testing.T, ring *sskeyset.Keyring, n int) {
	t.Helper()
	for i := range n {
		streamAEAD(t, ring, fmt.Sprintf("other-%d", i))
	}
}

// A keyring keeps at most HeadCacheSize keysets opened; one it dropped is
// opened again from the store, with the same keys.
func TestKeyringCacheIsBounded(t *testing.T) {
	ring := sskeyset.NewMemory()
	ct := encrypt(t, streamAEAD(t, ring, "s"))
	useMany(t, ring, sskeyset.HeadCacheSize+10)
	if full, floors := sskeyset.CachedHeads(ring); full != sskeyset.HeadCacheSize || floors != 11 {
		t.Fatalf("%d keysets cached in full and %d floors, want %d and 11", full, floors, sskeyset.HeadCacheSize)
	}
	mustDecrypt(t, streamAEAD(t, ring, "s"), ct)
	if full, floors := sskeyset.CachedHeads(ring); full != sskeyset.HeadCacheSize || floors != 11 {
		t.Fatalf("after reuse: %d in full, %d floors", full, floors)
	}
}

// A keyset dropped from the cache keeps its floor: the keyring that saw
// its tombstone refuses the destroyed keyset put back with the tombstone
// deleted, which a fresh keyring cannot tell from a live one.
func TestDroppedKeysetKeepsItsFloor(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			streamAEAD(t, ring, "s")
			before := a.look()
			if err := ring.Forget(t.Context(), "s"); err != nil {
				t.Fatal(err)
			}
			changed, added := changes(before, a.look())
			useMany(t, ring, sskeyset.HeadCacheSize+1)
			old := one(t, "destroyed", changed)
			a.remove(one(t, "tombstone", added))
			a.put(old, before[old])
			for call, f := range calls(ring) {
				if err := f(t); !errors.Is(err, sealstream.ErrIntegrity) {
					t.Errorf("%s = %v, want ErrIntegrity", call, err)
				}
			}
		})
	}
}
