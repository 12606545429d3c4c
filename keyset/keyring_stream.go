package keyset

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// StreamAEAD returns the AEAD of streamID's keyset as the store holds it
// now, creating the keyset if the stream has none. A forgotten stream
// returns [sealstream.ErrShredded]; a keyset blob put back from an older
// copy, or altered, [sealstream.ErrIntegrity].
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
	h, err := k.keysetOf(ctx, streamName(streamID), create)
	if err != nil {
		return nil, err
	}
	if h.aead == nil {
		if h.aead, err = aead.New(h.keys); err != nil {
			return nil, fmt.Errorf("keyset: stream keyset: %w", err)
		}
	}
	return h.aead, nil
}

// BlobName returns the name under which the keyring's store holds
// streamID's keyset now, or its tombstone, or an error matching
// [sealstream.ErrNoKey] when it holds neither. Names are keyed: without
// the keyring's master they tell nothing of the stream they belong to.
// It serves audits, backups and tests that act on the stored blob.
func (k *Keyring) BlobName(ctx context.Context, streamID string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	rk, err := k.keys(ctx)
	if err != nil {
		return "", err
	}
	h, err := k.resolve(ctx, rk, streamName(streamID))
	if err != nil {
		return "", err
	}
	if !h.live() && (h.kind != blobTombstone || h.cur == nil) {
		return "", fmt.Errorf("keyset: the store holds no keyset for the stream: %w", sealstream.ErrNoKey)
	}
	return h.names[1], nil
}

// keysetOf returns the head of n holding its keyset in force, creating one
// when n has none if create is set. It returns an error matching
// [sealstream.ErrShredded] for a forgotten name and [sealstream.ErrNoKey]
// for one without a keyset. The caller holds k.mu.
func (k *Keyring) keysetOf(ctx context.Context, n keyName, create bool) (*head, error) {
	rk, err := k.keys(ctx)
	if err != nil {
		return nil, err
	}
	h, err := k.resolve(ctx, rk, n)
	switch {
	case err != nil:
		return nil, err
	case h.live():
		return h, nil
	case h.shredded():
		return nil, shreddedErr(n)
	case !create:
		return nil, k.noKeyset(ctx, n, h)
	}
	h, err = k.change(ctx, rk, n, func(h *head) (*tinkkeyset.Handle, byte, error) {
		if h.live() || h.shredded() {
			return nil, 0, nil
		}
		if h.epoch == 0 {
			if err := k.legacy(ctx, n); err != nil {
				return nil, 0, err
			}
		}
		ks, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
		return ks, blobKeyset, err
	})
	switch {
	case err != nil:
		return nil, err
	case h.shredded():
		return nil, shreddedErr(n)
	case !h.live():
		return nil, k.noKeyset(ctx, n, h)
	}
	return h, nil
}

// noKeyset returns the error of n, which has no keyset in force (head h):
// [sealstream.ErrFormat] if the store holds one in the format of an older
// version, else [sealstream.ErrNoKey].
func (k *Keyring) noKeyset(ctx context.Context, n keyName, h *head) error {
	if h.epoch > 0 {
		return fmt.Errorf("keyset: %s is missing from the store: %w", describe(n), sealstream.ErrNoKey)
	}
	if err := k.legacy(ctx, n); err != nil {
		return err
	}
	return fmt.Errorf("keyset: the store holds no keyset for the %s: %w", n.kind, sealstream.ErrNoKey)
}

// legacy returns an error matching [sealstream.ErrFormat] if the store
// holds n's keyset as an older version stored it: under n itself.
func (k *Keyring) legacy(ctx context.Context, n keyName) error {
	b, err := get(ctx, k.store, n.String())
	switch {
	case err != nil:
		return err
	case b != nil:
		return fmt.Errorf("keyset: the store holds %s as an older version of sealstream wrote it, which this one no longer reads (see Migration in the keyset package doc): %w", describe(n), sealstream.ErrFormat)
	}
	return nil
}
