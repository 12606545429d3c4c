package keyset_test

import (
	"bytes"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// BenchmarkStreamAEADFresh measures one StreamAEAD call for a stream whose
// keyset exists and is unchanged: the cost, paid once or twice per append
// batch, of checking the store afresh at every call. "rotated" streams have
// an earlier epoch, which is checked too.
func BenchmarkStreamAEADFresh(b *testing.B) {
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		b.Fatal(err)
	}
	for _, store := range []string{"memory", "dir"} {
		for _, rotated := range []bool{false, true} {
			name := store
			if rotated {
				name += "/rotated"
			}
			b.Run(name, func(b *testing.B) {
				var s sskeyset.BlobStore = sskeyset.NewMemStore()
				if store == "dir" {
					if s, err = sskeyset.OpenDir(b.TempDir()); err != nil {
						b.Fatal(err)
					}
				}
				ring := sskeyset.New(s, sskeyset.MasterKey(kek))
				if _, err := ring.StreamAEAD(b.Context(), "s"); err != nil {
					b.Fatal(err)
				}
				if rotated {
					if err := ring.Rotate(b.Context(), "s"); err != nil {
						b.Fatal(err)
					}
				}
				for b.Loop() {
					if _, err := ring.StreamAEAD(b.Context(), "s"); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
