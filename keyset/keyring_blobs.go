package keyset

import (
	"context"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// The keyring keeps other keysets than the streams' (identities) under
// names of their own, "<kind>/<id>", with the same epochs, checks and
// tombstones. These are the calls for them.

// loadKeyset returns the keyset in force under name. It returns an error
// matching [sealstream.ErrNoKey] when name has none ([sealstream.ErrFormat]
// when the store holds one as an older version wrote it),
// [sealstream.ErrShredded] when it was destroyed, and
// [sealstream.ErrIntegrity] when a blob was put back or altered.
func (k *Keyring) loadKeyset(ctx context.Context, name string) (*tinkkeyset.Handle, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	h, err := k.keysetOf(ctx, parseKeyName(name), false)
	if err != nil {
		return nil, err
	}
	return h.keys, nil
}

// saveKeyset stores ks as the keyset in force under name, replacing the
// earlier one, or a tombstone.
func (k *Keyring) saveKeyset(ctx context.Context, name string, ks *tinkkeyset.Handle) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	rk, err := k.keys(ctx)
	if err != nil {
		return err
	}
	_, err = k.change(ctx, rk, parseKeyName(name), func(*head) (*tinkkeyset.Handle, byte, error) {
		return ks, blobKeyset, nil
	})
	return err
}

// forgetKeyset destroys the keyset under name as [Keyring.Forget] does a
// stream's.
func (k *Keyring) forgetKeyset(ctx context.Context, name string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.forget(ctx, parseKeyName(name))
}
