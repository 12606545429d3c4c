package keyset_test

import (
	"errors"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// A stream whose newest keyset blob was deleted (a lost key file) is
// ErrNoKey for LoadStreamAEAD in every keyring; StreamAEAD, which may make
// keys, makes one new keyset that every keyring then uses.
func TestDeletedKeysetIsNoKey(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			streamAEAD(t, ring, "s")
			before := a.look()
			if err := ring.Rotate(t.Context(), "s"); err != nil {
				t.Fatal(err)
			}
			_, added := changes(before, a.look())
			a.remove(one(t, "created", added))
			for who, r := range map[string]*sskeyset.Keyring{"same keyring": ring, "fresh keyring": sskeyset.New(b.store, b.prot)} {
				if _, err := r.LoadStreamAEAD(t.Context(), "s"); !errors.Is(err, sealstream.ErrNoKey) {
					t.Errorf("%s: LoadStreamAEAD of a lost keyset = %v, want ErrNoKey", who, err)
				}
			}
			ct := encrypt(t, streamAEAD(t, ring, "s"))
			mustDecrypt(t, loadAEAD(t, sskeyset.New(b.store, b.prot), "s"), ct)
		})
	}
}
