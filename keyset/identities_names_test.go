package keyset_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// The listing's blobs are named like every blob, keyed by the master: no
// stored name tells an ID or is derived from one without a key, two
// keyrings name the listing of the same IDs apart, and its entries and
// markers are of one size whatever the length of the ID they hold.
func TestIdentityListingTellsNoID(t *testing.T) {
	short, long := "x", strings.Repeat("y", sskeyset.MaxIdentityIDLen)
	var first []string
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			saveIdentity(t, ring, short)
			saveIdentity(t, ring, long)
			seen := a.look()
			shape := regexp.MustCompile(`^k/[0-9a-f]{64}$`)
			if b.dir != "" {
				shape = regexp.MustCompile(`^[0-9a-f]{64}$`)
			}
			var names []string
			for name := range seen {
				if name == shown(b, sskeyset.MasterName) {
					continue
				}
				names = append(names, name)
				if !shape.MatchString(name) {
					t.Errorf("stored name %s is not keyed", name)
				}
				for _, id := range []string{short, long} {
					for _, plain := range []string{"identity-list/", "identity-listed/" + id, "identity/" + id, id} {
						if name == shown(b, plain) || name == blobFile(plain) {
							t.Errorf("stored name %s is derived from %q without a key", name, plain)
						}
					}
				}
			}
			if first == nil {
				first = names
			} else if slices.ContainsFunc(names, func(n string) bool { return slices.Contains(first, n) }) {
				t.Errorf("two keyrings with their own masters name blobs alike")
			}
			sizes := map[int]bool{}
			for _, name := range []string{entryOf(t, b, ring, 1), entryOf(t, b, ring, 2), markerOf(t, b, ring, short), markerOf(t, b, ring, long)} {
				sizes[len(seen[name])] = true
			}
			if len(sizes) != 1 {
				t.Errorf("listing blobs of IDs of 1 and %d bytes differ in size: %v", len(long), sizes)
			}
		})
	}
}

// Forgetting an identity leaves no blob naming it: its entry is rewritten
// and its marker deleted.
func TestForgetIdentityUnlistsIt(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			saveIdentity(t, ring, "alice")
			entry, marker := entryOf(t, b, ring, 1), markerOf(t, b, ring, "alice")
			before := a.look()
			if before[entry] == nil || before[marker] == nil {
				t.Fatal("SaveIdentity stored no listing entry or marker")
			}
			if err := ring.ForgetIdentity(t.Context(), "alice"); err != nil {
				t.Fatal(err)
			}
			after := a.look()
			if bytes.Equal(after[entry], before[entry]) {
				t.Error("the entry of a forgotten identity is unchanged")
			}
			if after[marker] != nil {
				t.Error("the marker of a forgotten identity is still stored")
			}
			wantIdentities(t, ring)
		})
	}
}
