package keyset

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// StreamAEAD returns the AEAD of streamID's keyset as the store holds it
// now, creating the keyset if the stream has none. A forgotten stream
// returns [sealstream.ErrShredded].
func (k *Keyring) StreamAEAD(ctx context.Context, streamID string) (tink.AEAD, error) {
	return k.streamAEAD(ctx, streamID, true)
}

// LoadStreamAEAD is StreamAEAD without the creation: a stream without a
// keyset returns [sealstream.ErrNoKey]. Readers, and writers of a stream
// that already holds events, use it, so that a lost key file is reported
// rather than silently replaced by a new key.
func (k *Keyring) LoadStreamAEAD(ctx context.Context, streamID string) (tink.AEAD, error) {
	return k.streamAEAD(ctx, streamID, false)
}

func (k *Keyring) streamAEAD(ctx context.Context, streamID string, create bool) (tink.AEAD, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if c, ok := k.cache[streamID]; ok {
		if u, ok := k.store.(unchanger); ok {
			same, err := u.Unchanged(ctx, c.name, c.blob)
			if err != nil {
				return nil, err
			}
			if same {
				return c.aead, nil
			}
		}
	}
	name := streamName(streamID)
	blob, err := k.store.Get(ctx, name)
	switch {
	case errors.Is(err, ErrNotFound) && create:
		if _, err = k.create(ctx, streamID); err != nil {
			return nil, err
		}
		blob, err = k.store.Get(ctx, name)
	case errors.Is(err, ErrNotFound):
		return nil, fmt.Errorf("keyset: the stream has no keyset: %w", sealstream.ErrNoKey)
	}
	if err != nil {
		return nil, err
	}
	if c, ok := k.cache[streamID]; ok && bytes.Equal(c.blob, blob) {
		return c.aead, nil
	}
	delete(k.cache, streamID)
	if bytes.Equal(blob, tombstone) {
		return nil, fmt.Errorf("keyset: the stream's keys were destroyed: %w", sealstream.ErrShredded)
	}
	h, err := k.prot.Open(blob, name)
	if err != nil {
		return nil, err
	}
	a, err := aead.New(h)
	if err != nil {
		return nil, fmt.Errorf("keyset: stream keyset: %w", err)
	}
	k.cache[streamID] = cached{name: name, blob: blob, aead: a}
	return a, nil
}
