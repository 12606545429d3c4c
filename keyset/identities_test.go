package keyset_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
)

// saveIdentity makes identity id and saves it in ring.
func saveIdentity(t *testing.T, ring *sskeyset.Keyring, id string) *sskeyset.Identity {
	t.Helper()
	i, err := sskeyset.NewIdentity(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := ring.SaveIdentity(t.Context(), i); err != nil {
		t.Fatal(err)
	}
	return i
}

// wantIdentities fails t unless ring lists exactly want.
func wantIdentities(t *testing.T, ring *sskeyset.Keyring, want ...string) {
	t.Helper()
	got, err := ring.Identities(t.Context())
	if err != nil {
		t.Fatalf("Identities: %v", err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Identities = %q, want %q", got, want)
	}
}

// Saving lists an identity once, rotated copies included; forgetting it
// takes it out; saving it again lists it again; a keyring opened afresh
// on the store sees the same.
func TestIdentitiesListsWhatIsSaved(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			wantIdentities(t, ring)
			streamAEAD(t, ring, "not-an-identity")
			bob := saveIdentity(t, ring, "bob")
			saveIdentity(t, ring, "alice")
			rotated, err := bob.Rotated()
			if err != nil {
				t.Fatal(err)
			}
			if err := ring.SaveIdentity(t.Context(), rotated); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "alice", "bob")
			if err := ring.ForgetIdentity(t.Context(), "bob"); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "alice")
			wantIdentities(t, sskeyset.New(b.store, b.prot), "alice")
			saveIdentity(t, ring, "bob")
			wantIdentities(t, sskeyset.New(b.store, b.prot), "alice", "bob")
		})
	}
}

// Two keyrings on one directory (two processes) saving identities at once:
// every identity of both is listed, as either keyring and a fresh one see.
func TestIdentitiesOfKeyringsSavingAtOnce(t *testing.T) {
	const n = 12
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			rings := []*sskeyset.Keyring{sskeyset.New(b.store, b.prot), sskeyset.New(b.store, b.prot)}
			var want []string
			var wg sync.WaitGroup
			for r, ring := range rings {
				for i := range n {
					want = append(want, fmt.Sprintf("ring%d-%02d", r, i))
				}
				wg.Go(func() {
					for i := range n {
						id, err := sskeyset.NewIdentity(fmt.Sprintf("ring%d-%02d", r, i))
						if err == nil {
							err = ring.SaveIdentity(t.Context(), id)
						}
						if err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			slices.Sort(want)
			for _, ring := range append(rings, sskeyset.New(b.store, b.prot)) {
				wantIdentities(t, ring, want...)
			}
		})
	}
}

// Two keyrings saving the same new identity at once list it once.
func TestIdentitiesSavedTwiceAtOnceListedOnce(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			var wg sync.WaitGroup
			for range 2 {
				ring := sskeyset.New(b.store, b.prot)
				wg.Go(func() {
					i, err := sskeyset.NewIdentity("same")
					if err == nil {
						err = ring.SaveIdentity(t.Context(), i)
					}
					if err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			wantIdentities(t, sskeyset.New(b.store, b.prot), "same")
		})
	}
}

// An identity saved before the keyring kept a listing is not listed until
// the keyring loads it (as any use of it does), then is.
func TestIdentitiesListAnEarlierIdentityOnceLoaded(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			old, err := sskeyset.NewIdentity("old")
			if err != nil {
				t.Fatal(err)
			}
			if err := sskeyset.SaveUnlisted(t.Context(), ring, old); err != nil {
				t.Fatal(err)
			}
			saveIdentity(t, ring, "new")
			wantIdentities(t, ring, "new")
			if _, err := sskeyset.New(b.store, b.prot).Identity(t.Context(), "old"); err != nil {
				t.Fatal(err)
			}
			wantIdentities(t, ring, "new", "old")
			if _, err := ring.Identity(t.Context(), "nobody"); !errors.Is(err, sealstream.ErrNoKey) {
				t.Fatalf("Identity(nobody) = %v, want ErrNoKey", err)
			}
			wantIdentities(t, ring, "new", "old")
		})
	}
}
