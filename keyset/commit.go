package keyset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// maxRaces bounds how often a change is tried again after other keyrings
// wrote the same epoch first.
const maxRaces = 64

// errRaced reports that another keyring created the epoch first.
var errRaced = errors.New("keyset: another keyring wrote the epoch first")

// next decides a change from the current head: the keyset and kind to
// write at the next epoch, or a nil keyset to leave the name as it is.
type next func(h *head) (*tinkkeyset.Handle, byte, error)

// change writes the next epoch of n as decide says, and returns the head
// the store then holds. Of several keyrings writing one epoch at once, the
// store's Create lets one win; the others read the new head and decide
// again. The caller holds k.mu.
func (k *Keyring) change(ctx context.Context, rk *ringKeys, n keyName, decide next) (*head, error) {
	for range maxRaces {
		h, err := k.resolve(ctx, rk, n)
		if err != nil {
			return nil, err
		}
		ks, kind, err := decide(h)
		if err != nil || ks == nil {
			return h, err
		}
		err = k.write(ctx, rk, n, h, ks, kind)
		if errors.Is(err, errRaced) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return k.resolve(ctx, rk, n)
	}
	return nil, fmt.Errorf("keyset: %s: other keyrings kept writing it first, %d times", describe(n), maxRaces)
}

// write stores ks as the blob of kind at the epoch after base, then
// overwrites base's blob with decoy keys. Creating the new epoch is the
// commit: until then readers use base, after it the new epoch. A keyset
// replaced by a keyset is first rewritten as pending, so that a keyset in
// force found below a newer epoch is always a restored copy. Where base's
// epoch is missing (a lost keyset), the new blob takes its place.
func (k *Keyring) write(ctx context.Context, rk *ringKeys, n keyName, base *head, ks *tinkkeyset.Handle, kind byte) error {
	target := base.epoch + 1
	if base.epoch > 0 && base.cur == nil {
		target = base.epoch
	}
	if base.kind == blobKeyset && kind == blobKeyset {
		if err := k.putBlob(ctx, rk, n, base.epoch, base.names[1], base.keys, blobPending); err != nil {
			return err
		}
	}
	name, err := rk.blobName(n, target)
	if err != nil {
		return err
	}
	blob, err := rk.sealBlob(ks, n, target, kind)
	if err != nil {
		return err
	}
	if err := k.create(ctx, name, blob); err != nil {
		return err
	}
	if base.epoch == 0 || target == base.epoch || base.kind == blobOldKeyset || base.kind == blobOldTomb {
		return nil // nothing in force below
	}
	was := blobOldKeyset
	if kind == blobTombstone {
		was = blobOldTomb
	}
	d, err := decoy(base.keys.Len())
	if err != nil {
		return err
	}
	return k.putBlob(ctx, rk, n, base.epoch, base.names[1], d, was)
}

// putBlob seals h as the blob of kind at epoch e of n and stores it under
// name, which it replaces.
func (k *Keyring) putBlob(ctx context.Context, rk *ringKeys, n keyName, e uint64, name string, h *tinkkeyset.Handle, kind byte) error {
	blob, err := rk.sealBlob(h, n, e, kind)
	if err != nil {
		return err
	}
	if err := k.store.Put(ctx, name, blob); err != nil {
		return fmt.Errorf("keyset: write %s: %w", describe(n), err)
	}
	return nil
}

// create stores blob under name unless a blob has that name, in which case
// it returns errRaced. A store that cannot create without overwriting is
// checked first, which serves one process only.
func (k *Keyring) create(ctx context.Context, name string, blob []byte) error {
	if c, ok := k.store.(creator); ok {
		err := c.Create(ctx, name, blob)
		if errors.Is(err, fs.ErrExist) {
			return errRaced
		}
		return err
	}
	taken, err := has(ctx, k.store, name)
	if err != nil {
		return err
	}
	if taken {
		return errRaced
	}
	return k.store.Put(ctx, name, blob)
}

// creator is a BlobStore that can store a blob only if its name is free,
// returning an error matching fs.ErrExist otherwise.
type creator interface {
	Create(ctx context.Context, name string, blob []byte) error
}
