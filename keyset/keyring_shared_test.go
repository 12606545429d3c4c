package keyset_test

import (
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
)

// Two keyrings on one store agree at every call: a rotation or a Forget
// made through one is what the other answers next.
func TestKeyringsSharingAStoreAgree(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := t.Context()
			one, two := sskeyset.New(b.store, b.prot), sskeyset.New(b.store, b.prot)
			a, err := one.StreamAEAD(ctx, "s")
			if err != nil {
				t.Fatal(err)
			}
			before := keyID(encrypt(t, a))
			if err := two.Rotate(ctx, "s"); err != nil {
				t.Fatal(err)
			}
			a, err = one.LoadStreamAEAD(ctx, "s")
			if err != nil {
				t.Fatal(err)
			}
			if keyID(encrypt(t, a)) == before {
				t.Fatal("a keyring kept sealing with the primary key another keyring rotated away")
			}
			if err := two.Forget(ctx, "s"); err != nil {
				t.Fatal(err)
			}
			if _, err := one.StreamAEAD(ctx, "s"); !errors.Is(err, sealstream.ErrShredded) {
				t.Fatalf("StreamAEAD after Forget through another keyring = %v, want ErrShredded", err)
			}
		})
	}
}

// LoadStreamAEAD never makes a keyset: a stream without one is ErrNoKey.
func TestLoadStreamAEADDoesNotCreate(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			if _, err := ring.LoadStreamAEAD(t.Context(), "none"); !errors.Is(err, sealstream.ErrNoKey) {
				t.Fatalf("LoadStreamAEAD of a stream without keys = %v, want ErrNoKey", err)
			}
			if _, err := b.store.Get(t.Context(), "stream/none"); !errors.Is(err, sskeyset.ErrNotFound) {
				t.Fatalf("a keyset was stored: %v", err)
			}
		})
	}
}
