package keyset

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
)

func identityName(id string) string { return "identity/" + id }

// SaveIdentity stores i in the keyring, sealed like every keyset. Saving a
// rotated copy replaces the earlier one.
func (k *Keyring) SaveIdentity(ctx context.Context, i *Identity) error {
	blob, err := k.prot.Seal(i.priv, identityName(i.id))
	if err != nil {
		return err
	}
	if err := k.store.Put(ctx, identityName(i.id), blob); err != nil {
		return fmt.Errorf("keyset: save identity %q: %w", i.id, err)
	}
	return nil
}

// Identity loads the identity with the given ID. It returns an error
// matching [sealstream.ErrShredded] for a forgotten identity and
// [sealstream.ErrNoKey] for an unknown one.
func (k *Keyring) Identity(ctx context.Context, id string) (*Identity, error) {
	if err := validIdentityID(id); err != nil {
		return nil, err
	}
	blob, err := k.store.Get(ctx, identityName(id))
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("keyset: no identity %q in the keyring: %w", id, sealstream.ErrNoKey)
	}
	if err != nil {
		return nil, err
	}
	if bytes.Equal(blob, tombstone) {
		return nil, fmt.Errorf("keyset: identity %q: %w", id, sealstream.ErrShredded)
	}
	h, err := k.prot.Open(blob, identityName(id))
	if err != nil {
		return nil, err
	}
	return identityFrom(id, h)
}

// ForgetIdentity destroys the identity's private keyset and leaves a
// tombstone: events sealed to it become unreadable for it
// ([sealstream.ErrShredded]); other recipients keep their access.
func (k *Keyring) ForgetIdentity(ctx context.Context, id string) error {
	if err := k.store.Put(ctx, identityName(id), tombstone); err != nil {
		return fmt.Errorf("keyset: forget identity %q: %w", id, err)
	}
	if s, ok := k.store.(Sweeper); ok {
		if err := s.Sweep(ctx, identityName(id)); err != nil {
			return fmt.Errorf("keyset: forget identity %q: %w", id, err)
		}
	}
	return nil
}
