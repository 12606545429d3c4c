package keyset

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// An identity is kept as two blobs: its HPKE keyset and its signing keyset.
func identityName(id string) string { return "identity/" + id }
func signerName(id string) string   { return "identity-signer/" + id }

// SaveIdentity stores i in the keyring, sealed like every keyset. Saving a
// rotated copy replaces the earlier one.
func (k *Keyring) SaveIdentity(ctx context.Context, i *Identity) error {
	for name, h := range map[string]*tinkkeyset.Handle{signerName(i.id): i.sign, identityName(i.id): i.priv} {
		if err := k.saveKeyset(ctx, name, h); err != nil {
			return fmt.Errorf("keyset: save identity %q: %w", i.id, err)
		}
	}
	return nil
}

// Identity loads the identity with the given ID. It returns an error
// matching [sealstream.ErrShredded] for a forgotten identity,
// [sealstream.ErrNoKey] for an unknown one, and [sealstream.ErrFormat] for
// one saved by an older version, without a signing key.
func (k *Keyring) Identity(ctx context.Context, id string) (*Identity, error) {
	if err := validIdentityID(id); err != nil {
		return nil, err
	}
	h, err := k.identityKeyset(ctx, id, identityName(id))
	if err != nil {
		return nil, err
	}
	s, err := k.identityKeyset(ctx, id, signerName(id))
	if errors.Is(err, sealstream.ErrNoKey) {
		return nil, fmt.Errorf("keyset: identity %q was saved by an older version, without a signing key: %w", id, sealstream.ErrFormat)
	}
	if err != nil {
		return nil, err
	}
	return identityFrom(id, h, s)
}

func (k *Keyring) identityKeyset(ctx context.Context, id, name string) (*tinkkeyset.Handle, error) {
	h, err := k.loadKeyset(ctx, name)
	if errors.Is(err, sealstream.ErrNoKey) {
		return nil, fmt.Errorf("keyset: no identity %q in the keyring: %w", id, sealstream.ErrNoKey)
	}
	if err != nil {
		return nil, fmt.Errorf("keyset: identity %q: %w", id, err)
	}
	return h, nil
}

// ForgetIdentity destroys the identity's private keysets and leaves
// tombstones: events sealed to it become unreadable for it
// ([sealstream.ErrShredded]) and it can sign no more; other recipients keep
// their access.
func (k *Keyring) ForgetIdentity(ctx context.Context, id string) error {
	for _, name := range []string{identityName(id), signerName(id)} {
		if err := k.forgetKeyset(ctx, name); err != nil {
			return fmt.Errorf("keyset: forget identity %q: %w", id, err)
		}
	}
	return nil
}
