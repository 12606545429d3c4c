package envelope_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

var benchAD = make([]byte, 120, 256) // about the AD of a real record, with room as stream builds it

// BenchmarkSealOpen measures one seal plus one open per mode, beside raw
// AES-256-GCM (crypto/cipher, fresh nonce and buffers) on the same payload.
func BenchmarkSealOpen(b *testing.B) {
	for _, size := range []int{200, 4096} {
		payload := make([]byte, size)
		b.Run(fmt.Sprintf("raw-aes-gcm/%dB", size), func(b *testing.B) {
			key := make([]byte, 32)
			_, _ = rand.Read(key)
			blk, _ := aes.NewCipher(key)
			g, _ := cipher.NewGCM(blk)
			b.SetBytes(int64(size))
			for b.Loop() {
				nonce := make([]byte, g.NonceSize())
				_, _ = rand.Read(nonce)
				ct := g.Seal(nil, nonce, payload, benchAD)
				if _, err := g.Open(nil, nonce, ct, benchAD); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("all/%dB", size), func(b *testing.B) {
			h, _ := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
			a, _ := aead.New(h)
			b.SetBytes(int64(size))
			for b.Loop() {
				env, err := envelope.Seal(a, payload, benchAD)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := envelope.Open(a, env, benchAD, false); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, n := range []int{1, 3, 10} {
			b.Run(fmt.Sprintf("recipients-%d/%dB", n, size), func(b *testing.B) {
				ids := make([]string, n)
				for i := range ids {
					ids[i] = fmt.Sprint("r", i)
				}
				is, rs := identities(b, ids...)
				key := streamKey(b)
				b.SetBytes(int64(size))
				for b.Loop() {
					env, err := envelope.SealTo(rs, key, is[0], payload, benchAD)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := envelope.OpenAs(is[0], env, benchAD); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
