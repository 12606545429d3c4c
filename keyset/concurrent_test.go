package keyset_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/tink-crypto/tink-go/v2/tink"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// Two keyrings on one store (two processes), each rotating its own stream
// and a shared one at the same time: every rotation lands, none is lost,
// and every ciphertext sealed along the way stays readable.
func TestKeyringsChangingAtOnceAllLand(t *testing.T) {
	const n = 8
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			rings := []*sskeyset.Keyring{sskeyset.New(b.store, b.prot), sskeyset.New(b.store, b.prot)}
			streamAEAD(t, rings[0], "shared")
			cts := map[string][][]byte{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for i, ring := range rings {
				own := fmt.Sprint("own-", i)
				streamAEAD(t, ring, own)
				wg.Go(func() {
					for range n {
						for _, id := range []string{own, "shared"} {
							if err := ring.Rotate(t.Context(), id); err != nil {
								t.Error(err)
								return
							}
							a, err := ring.LoadStreamAEAD(t.Context(), id)
							if err != nil {
								t.Error(err)
								return
							}
							ct, err := a.Encrypt(plaintext, ad)
							if err != nil {
								t.Error(err)
								return
							}
							mu.Lock()
							cts[id] = append(cts[id], ct)
							mu.Unlock()
						}
					}
				})
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			fresh := sskeyset.New(b.store, b.prot)
			for id, want := range map[string]int{"own-0": 1 + n, "own-1": 1 + n, "shared": 1 + 2*n} {
				if got, err := sskeyset.KeyCount(t.Context(), fresh, id); err != nil || got != want {
					t.Errorf("%s holds %d keys (%v), want %d", id, got, err, want)
				}
				a := loadAEAD(t, fresh, id)
				for _, ct := range cts[id] {
					mustDecrypt(t, a, ct)
				}
			}
		})
	}
}

// A keyring reading a stream while another rotates it never sees a
// rotation half done: no call fails.
func TestReadersNeverSeeARotationHalfDone(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			writer, reader := sskeyset.New(b.store, b.prot), sskeyset.New(b.store, b.prot)
			streamAEAD(t, writer, "s")
			done := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				defer close(done)
				for range 20 {
					if err := writer.Rotate(t.Context(), "s"); err != nil {
						t.Error(err)
						return
					}
				}
			})
			for reads := 0; ; reads++ {
				select {
				case <-done:
					wg.Wait()
					return
				default:
				}
				if _, err := reader.LoadStreamAEAD(t.Context(), "s"); err != nil {
					t.Errorf("read %d during rotations: %v", reads, err)
					<-done
					wg.Wait()
					return
				}
			}
		})
	}
}

// loadAEAD returns the AEAD of streamID in ring, failing t on error.
func loadAEAD(t *testing.T, ring *sskeyset.Keyring, streamID string) tink.AEAD {
	t.Helper()
	a, err := ring.LoadStreamAEAD(t.Context(), streamID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
