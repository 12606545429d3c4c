package keyset_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
)

// shown returns the name b's storage shows store name under.
func shown(b backend, name string) string {
	if b.dir == "" {
		return name
	}
	return blobFile(name)
}

// entryOf returns the name b's storage shows entry e of ring's listing under.
func entryOf(t *testing.T, b backend, ring *sskeyset.Keyring, e uint64) string {
	t.Helper()
	name, err := sskeyset.ListingEntry(t.Context(), ring, e)
	if err != nil {
		t.Fatal(err)
	}
	return shown(b, name)
}

// markerOf returns the name b's storage shows the listing marker of id under.
func markerOf(t *testing.T, b backend, ring *sskeyset.Keyring, id string) string {
	t.Helper()
	name, err := sskeyset.ListingMarker(t.Context(), ring, id)
	if err != nil {
		t.Fatal(err)
	}
	return shown(b, name)
}

// A listing entry altered, swapped with another, replaced by another blob
// of the keyring or by the same entry of another keyring, or missing
// below newer entries, is ErrIntegrity naming the blob and no ID.
func TestIdentityListingTamperedIsIntegrity(t *testing.T) {
	ids := []string{"alice", "bob", "carol"}
	attacks := map[string]func(a attacker, b backend, ring *sskeyset.Keyring, blobs map[string][]byte){
		"altered": func(a attacker, b backend, ring *sskeyset.Keyring, blobs map[string][]byte) {
			e := entryOf(a.t, b, ring, 2)
			blob := bytes.Clone(blobs[e])
			blob[len(blob)-1] ^= 1
			a.put(e, blob)
		},
		"swapped": func(a attacker, b backend, ring *sskeyset.Keyring, blobs map[string][]byte) {
			e1, e2 := entryOf(a.t, b, ring, 1), entryOf(a.t, b, ring, 2)
			a.put(e1, blobs[e2])
			a.put(e2, blobs[e1])
		},
		"a marker in its place": func(a attacker, b backend, ring *sskeyset.Keyring, blobs map[string][]byte) {
			a.put(entryOf(a.t, b, ring, 2), blobs[markerOf(a.t, b, ring, "bob")])
		},
		"another keyring's": func(a attacker, b backend, ring *sskeyset.Keyring, blobs map[string][]byte) {
			st := sskeyset.NewMemStore()
			other := sskeyset.New(st, b.prot)
			for _, id := range ids {
				saveIdentity(a.t, other, id)
			}
			name, err := sskeyset.ListingEntry(a.t.Context(), other, 2)
			if err != nil {
				a.t.Fatal(err)
			}
			blob, err := st.Get(a.t.Context(), name)
			if err != nil {
				a.t.Fatal(err)
			}
			a.put(entryOf(a.t, b, ring, 2), blob)
		},
		"missing below newer": func(a attacker, b backend, ring *sskeyset.Keyring, _ map[string][]byte) {
			a.remove(entryOf(a.t, b, ring, 1))
		},
	}
	for what, attack := range attacks {
		t.Run(what, func(t *testing.T) {
			for _, b := range backends(t) {
				t.Run(b.name, func(t *testing.T) {
					ring := sskeyset.New(b.store, b.prot)
					for _, id := range ids {
						saveIdentity(t, ring, id)
					}
					a := attacker{t, b}
					attack(a, b, ring, a.look())
					for _, r := range []*sskeyset.Keyring{ring, sskeyset.New(b.store, b.prot)} {
						_, err := r.Identities(t.Context())
						if !errors.Is(err, sealstream.ErrIntegrity) {
							t.Fatalf("Identities = %v, want ErrIntegrity", err)
						}
						for _, id := range ids {
							if strings.Contains(err.Error(), id) {
								t.Errorf("the error %q names identity %s", err, id)
							}
						}
					}
				})
			}
		})
	}
}

// The listing grants nothing, so what no keyring can tell from a genuine
// listing misleads nothing: the newest entry deleted hides an identity
// whose keys still load, until it is saved again; a forgotten identity's
// entry put back lists it, and it stays forgotten; a marker deleted only
// lists its identity again, once.
func TestIdentityListingRollbackIsHarmless(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			saveIdentity(t, ring, "alice")
			bob := saveIdentity(t, ring, "bob")
			listed := a.look()

			a.remove(entryOf(t, b, ring, 2))
			wantIdentities(t, ring, "alice")
			if _, err := ring.Identity(t.Context(), "bob"); err != nil {
				t.Fatalf("Identity of an identity whose entry was deleted: %v", err)
			}
			if err := ring.SaveIdentity(t.Context(), bob); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "alice", "bob")

			entry := entryOf(t, b, ring, 2)
			listed = a.look()
			if err := ring.ForgetIdentity(t.Context(), "bob"); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "alice")
			a.put(entry, listed[entry])
			wantIdentities(t, ring, "alice", "bob")
			if _, err := ring.Identity(t.Context(), "bob"); !errors.Is(err, sealstream.ErrShredded) {
				t.Fatalf("Identity of a forgotten identity listed again = %v, want ErrShredded", err)
			}

			a.remove(markerOf(t, b, ring, "alice"))
			if _, err := ring.Identity(t.Context(), "alice"); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "alice", "bob")
			if _, err := ring.Identity(t.Context(), "alice"); err != nil {
				t.Fatal(err)
			}
			before := len(a.look())
			if _, err := ring.Identity(t.Context(), "alice"); err != nil {
				t.Fatal(err)
			}
			if after := len(a.look()); after != before {
				t.Errorf("loading a listed identity stored %d blobs more", after-before)
			}
		})
	}
}
