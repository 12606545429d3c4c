package stream_test

import (
	"context"
	"sync/atomic"

	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// countingKeys counts the payloads its AEADs open.
type countingKeys struct {
	ring   *keyset.Keyring
	opened atomic.Int64
}

func (k *countingKeys) StreamAEAD(ctx context.Context, id string) (tink.AEAD, error) {
	a, err := k.ring.StreamAEAD(ctx, id)
	return countingAEAD{a, &k.opened}, err
}

func (k *countingKeys) LoadStreamAEAD(ctx context.Context, id string) (tink.AEAD, error) {
	a, err := k.ring.LoadStreamAEAD(ctx, id)
	return countingAEAD{a, &k.opened}, err
}

type countingAEAD struct {
	tink.AEAD
	n *atomic.Int64
}

func (a countingAEAD) Decrypt(ct, ad []byte) ([]byte, error) {
	a.n.Add(1)
	return a.AEAD.Decrypt(ct, ad)
}
