package keyset_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// calls are the keyring calls that must refuse a tampered keyset.
func calls(r *sskeyset.Keyring) map[string]func(*testing.T) error {
	return map[string]func(*testing.T) error{
		"StreamAEAD":     func(t *testing.T) error { _, err := r.StreamAEAD(t.Context(), "s"); return err },
		"LoadStreamAEAD": func(t *testing.T) error { _, err := r.LoadStreamAEAD(t.Context(), "s"); return err },
		"Rotate":         func(t *testing.T) error { return r.Rotate(t.Context(), "s") },
	}
}

// Attack (a): the stream's keyset blob, copied aside before a rotation
// and put back after it, over the epoch it was copied from or over the
// newest one, fails every call of the keyring that rotated and of one
// opened afresh with ErrIntegrity naming the blob: the old key never seals
// again.
func TestRestoredKeysetUndoesNoRotation(t *testing.T) {
	for _, over := range []string{"its own epoch", "the newest epoch"} {
		for _, b := range backends(t) {
			t.Run(over+"/"+b.name, func(t *testing.T) {
				a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
				streamAEAD(t, ring, "s")
				first, before := blobName(t, ring, "s"), a.look()
				if err := ring.Rotate(t.Context(), "s"); err != nil {
					t.Fatal(err)
				}
				newest := blobName(t, ring, "s")
				changed, added := changes(before, a.look())
				old := one(t, "superseded", changed)
				target, named := old, first
				if over == "the newest epoch" {
					target, named = one(t, "created", added), newest
				}
				a.put(target, before[old])
				for who, r := range map[string]*sskeyset.Keyring{"same keyring": ring, "fresh keyring": sskeyset.New(b.store, b.prot)} {
					for call, f := range calls(r) {
						err := f(t)
						if !errors.Is(err, sealstream.ErrIntegrity) || !strings.Contains(fmtErr(err), named) {
							t.Errorf("%s: %s = %v, want ErrIntegrity naming blob %s", who, call, err, named)
						}
					}
				}
			})
		}
	}
}

// Attack (b): undoing a Forget by putting the destroyed keyset back, over
// its own epoch or over the tombstone, or by deleting the tombstone, leaves
// the stream shredded or refused with ErrIntegrity for every keyring, and
// no call makes a new key. A keyring that saw the tombstone also refuses
// the keyset put back once the tombstone is deleted.
func TestRestoredKeysetUndoesNoForget(t *testing.T) {
	cases := []struct {
		name      string
		freshToo  bool
		tamper    func(a attacker, old, tomb string, keyset []byte)
		integrity bool // ErrIntegrity only
	}{
		{"keyset put back", true, func(a attacker, old, _ string, ks []byte) { a.put(old, ks) }, false},
		{"keyset put over the tombstone", true, func(a attacker, _, tomb string, ks []byte) { a.put(tomb, ks) }, true},
		{"tombstone deleted", true, func(a attacker, _, tomb string, _ []byte) { a.remove(tomb) }, false},
		{"tombstone deleted and keyset put back", false, func(a attacker, old, tomb string, ks []byte) {
			a.remove(tomb)
			a.put(old, ks)
		}, true},
	}
	for _, c := range cases {
		for _, b := range backends(t) {
			t.Run(c.name+"/"+b.name, func(t *testing.T) {
				a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
				streamAEAD(t, ring, "s")
				before := a.look()
				if err := ring.Forget(t.Context(), "s"); err != nil {
					t.Fatal(err)
				}
				changed, added := changes(before, a.look())
				old := one(t, "destroyed", changed)
				c.tamper(a, old, one(t, "tombstone", added), before[old])
				rings := map[string]*sskeyset.Keyring{"same keyring": ring}
				if c.freshToo {
					rings["fresh keyring"] = sskeyset.New(b.store, b.prot)
				}
				for who, r := range rings {
					for call, f := range calls(r) {
						err := f(t)
						ok := errors.Is(err, sealstream.ErrIntegrity) || !c.integrity && errors.Is(err, sealstream.ErrShredded)
						if !ok {
							t.Errorf("%s: %s = %v, want ErrIntegrity or, unless a blob is refused, ErrShredded", who, call, err)
						}
					}
				}
			})
		}
	}
}

// fmtErr returns err's message, "" for nil.
func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
