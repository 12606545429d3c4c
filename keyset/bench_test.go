package keyset_test

import (
	"testing"

	"golang.org/x/crypto/argon2"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// BenchmarkDefaultArgon2 measures one key derivation with DefaultArgon2,
// the cost of opening a directory keyring.
func BenchmarkDefaultArgon2(b *testing.B) {
	p := sskeyset.DefaultArgon2
	salt := make([]byte, 16)
	for b.Loop() {
		argon2.IDKey(pass, salt, p.Time, p.Memory, p.Threads, 32)
	}
}

// BenchmarkPassphraseSeal measures sealing a keyset with DefaultArgon2: a
// fresh salt, so one derivation, each time.
func BenchmarkPassphraseSeal(b *testing.B) {
	h := newHandle(b)
	p := sskeyset.Passphrase(pass, sskeyset.DefaultArgon2)
	for b.Loop() {
		if _, err := p.Seal(h, "stream/s"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPassphraseOpenCached measures opening a blob whose derived key
// the protector already holds.
func BenchmarkPassphraseOpenCached(b *testing.B) {
	p := sskeyset.Passphrase(pass, sskeyset.DefaultArgon2)
	blob, err := p.Seal(newHandle(b), "stream/s")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Open(blob, "stream/s"); err != nil {
			b.Fatal(err)
		}
	}
}
