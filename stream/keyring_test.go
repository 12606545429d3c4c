package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// A store made with a passphrase hands out the keyring it reads with, so
// Forget needs no second keyring.
func TestStoreKeyring(t *testing.T) {
	ctx := context.Background()
	st := filePlace(t).store(t, stream.Config{})
	ring := st.Keyring()
	if ring == nil || st.Keys() == nil {
		t.Fatal("a store made from Config.Key has no keyring")
	}
	s := openCount(t, st, "u")
	mustAppend(t, s, ev("T", "x"))
	if err := ring.Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.State(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("State after Forget through Store.Keyring = %v", err)
	}
	if plain := newStore(t, stream.Config{Plaintext: true}); plain.Keyring() != nil || plain.Keys() != nil {
		t.Fatal("a plaintext store has keys")
	}
}
