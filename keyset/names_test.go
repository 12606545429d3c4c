package keyset_test

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// Attack (c): a tombstone shows nothing a keyset does not: its size is
// within the sizes of the stream keysets, it starts like them, and no blob
// holds a plaintext marker or Tink's cleartext keyset info.
func TestTombstonesLookLikeKeysets(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			for i, id := range []string{"one", "two", "three"} {
				streamAEAD(t, ring, id)
				for range i {
					if err := ring.Rotate(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				}
			}
			streamAEAD(t, ring, "gone")
			before := a.look()
			var sizes []int
			for _, id := range []string{"one", "two", "three"} {
				sizes = append(sizes, len(before[stored(t, b, ring, id)]))
			}
			if err := ring.Forget(t.Context(), "gone"); err != nil {
				t.Fatal(err)
			}
			after := a.look()
			_, added := changes(before, after)
			tomb := after[one(t, "tombstone", added)]
			if n := len(tomb); n < slices.Min(sizes) || n > slices.Max(sizes) {
				t.Errorf("tombstone of %d bytes, keysets of %v", n, sizes)
			}
			keyset := before[stored(t, b, ring, "one")]
			if !bytes.Equal(tomb[:6], keyset[:6]) {
				t.Errorf("tombstone starts %q, a keyset %q", tomb[:6], keyset[:6])
			}
			for name, blob := range after {
				for _, marker := range []string{"shredded", "type.googleapis.com", "AesGcm"} {
					if bytes.Contains(blob, []byte(marker)) {
						t.Errorf("blob %s holds %q in the clear", name, marker)
					}
				}
			}
		})
	}
}

// Attack (d): no stored name is, or is derived without a key from, a
// stream's ID: the names of two keyrings with their own masters differ
// for one stream, and a directory file is never the hex SHA-256 of
// "stream/<id>".
func TestBlobNamesAreKeyed(t *testing.T) {
	ids := []string{"alice", "bob", "user-1"}
	var first []string
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			a, ring := attacker{t, b}, sskeyset.New(b.store, b.prot)
			for _, id := range ids {
				streamAEAD(t, ring, id)
				if err := ring.Rotate(t.Context(), id); err != nil {
					t.Fatal(err)
				}
			}
			if err := ring.Forget(t.Context(), "bob"); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, id := range ids {
				names = append(names, blobName(t, ring, id))
			}
			if first == nil {
				first = names
			} else if slices.ContainsFunc(names, func(n string) bool { return slices.Contains(first, n) }) {
				t.Errorf("two keyrings with their own masters name a stream alike: %v, %v", first, names)
			}
			shape := regexp.MustCompile(`^k/[0-9a-f]{64}$`)
			if b.dir != "" {
				shape = regexp.MustCompile(`^[0-9a-f]{64}$`)
			}
			for stored := range a.look() {
				for _, id := range ids {
					if stored == "stream/"+id || stored == blobFile("stream/"+id) || strings.Contains(stored, id) {
						t.Errorf("stored name %s tells stream %q", stored, id)
					}
				}
				if !shape.MatchString(stored) && stored != sskeyset.MasterName && stored != blobFile(sskeyset.MasterName) {
					t.Errorf("stored name %s is not keyed", stored)
				}
			}
			if _, err := ring.BlobName(t.Context(), "nobody"); !errors.Is(err, sealstream.ErrNoKey) {
				t.Errorf("BlobName of a stream without keys = %v, want ErrNoKey", err)
			}
		})
	}
}

// stored returns the name the storage of b shows streamID's keyset under.
func stored(t *testing.T, b backend, ring *sskeyset.Keyring, streamID string) string {
	t.Helper()
	if b.dir == "" {
		return blobName(t, ring, streamID)
	}
	return blobFile(blobName(t, ring, streamID))
}
