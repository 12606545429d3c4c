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

// SaveIdentity stores i in the keyring, sealed like every keyset, and
// lists its ID (see [Keyring.Identities]). Saving a rotated copy replaces
// the earlier one.
func (k *Keyring) SaveIdentity(ctx context.Context, i *Identity) error {
	if err := k.saveIdentityKeysets(ctx, i); err != nil {
		return err
	}
	rk, err := k.derived(ctx)
	if err == nil {
		err = k.list(ctx, rk, i.id, true)
	}
	if err != nil {
		return fmt.Errorf("keyset: save identity %q: %w", i.id, err)
	}
	return nil
}

// saveIdentityKeysets stores i's keysets.
func (k *Keyring) saveIdentityKeysets(ctx context.Context, i *Identity) error {
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
	ident, err := identityFrom(id, h, s)
	if err != nil {
		return nil, err
	}
	// An identity saved before the keyring kept a listing joins it now. The
	// listing names identities and grants nothing, so failing to write it
	// (a read-only store, say) leaves this load as it is: the next tries again.
	if rk, err := k.derived(ctx); err == nil {
		_ = k.list(ctx, rk, id, false)
	}
	return ident, nil
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
// their access. Its ID leaves the listing ([Keyring.Identities]).
func (k *Keyring) ForgetIdentity(ctx context.Context, id string) error {
	for _, name := range []string{identityName(id), signerName(id)} {
		if err := k.forgetKeyset(ctx, name); err != nil {
			return fmt.Errorf("keyset: forget identity %q: %w", id, err)
		}
	}
	rk, err := k.derived(ctx)
	if err == nil {
		err = k.unlist(ctx, rk, id)
	}
	if err != nil {
		return fmt.Errorf("keyset: forget identity %q: %w", id, err)
	}
	return nil
}
