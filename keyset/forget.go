package keyset

import (
	"context"
	"errors"
	"fmt"
)

// forget writes a tombstone as the next epoch of n, unless its newest epoch
// is one already, then overwrites with decoy keys every earlier epoch
// still holding keys and, in a [Sweeper], removes their leftover copies.
// It checks no more than it must: a keyset tampered with is forgotten all
// the same. The caller holds k.mu.
func (k *Keyring) forget(ctx context.Context, n keyName) error {
	rk, err := k.keys(ctx)
	if err != nil {
		return err
	}
	for range maxRaces {
		var from uint64
		if h := k.heads.get(n); h != nil {
			from = h.epoch
		}
		top, err := k.gallop(ctx, rk, n, from)
		if err != nil {
			return err
		}
		target, size, done, err := k.tombstoneAt(ctx, rk, n, top)
		if err != nil {
			return err
		}
		if !done {
			err := k.createTombstone(ctx, rk, n, target, size)
			if errors.Is(err, errRaced) {
				continue
			}
			if err != nil {
				return err
			}
		}
		names, err := k.scrub(ctx, rk, n, target)
		if err != nil {
			return err
		}
		if top == 0 { // a keyset an older version stored under n itself
			if names, err = k.dropLegacy(ctx, n, names); err != nil {
				return err
			}
		}
		if err := k.sweep(ctx, names); err != nil {
			return err
		}
		_, _ = k.resolve(ctx, rk, n) // a tampered blob is reported at the next call
		return nil
	}
	return fmt.Errorf("keyset: %s: other keyrings kept writing it first, %d times", describe(n), maxRaces)
}

// createTombstone creates epoch e of n as a tombstone of size decoy keys.
func (k *Keyring) createTombstone(ctx context.Context, rk *ringKeys, n keyName, e uint64, size int) error {
	d, err := decoy(size)
	if err != nil {
		return err
	}
	name, err := rk.blobName(n, e)
	if err != nil {
		return err
	}
	blob, err := rk.sealBlob(d, n, e, blobTombstone)
	if err != nil {
		return err
	}
	return k.create(ctx, name, blob)
}

// dropLegacy deletes the blob an older version kept n's keyset in, if
// any, and returns names with its name added, for sweeping.
func (k *Keyring) dropLegacy(ctx context.Context, n keyName, names []string) ([]string, error) {
	old := n.String()
	found, err := has(ctx, k.store, old)
	if err == nil && found {
		err = k.store.Delete(ctx, old)
	}
	return append(names, old), err
}

// tombstoneAt returns the epoch where n's tombstone goes, given its newest
// stored epoch top, and how many decoy keys it holds: one more than the
// keyset it replaces, as a rotation would. done reports that top is a
// tombstone already (target is then top).
func (k *Keyring) tombstoneAt(ctx context.Context, rk *ringKeys, n keyName, top uint64) (target uint64, size int, done bool, err error) {
	if top == 0 {
		return 1, 1, false, nil
	}
	name, err := rk.blobName(n, top)
	if err != nil {
		return 0, 0, false, err
	}
	cur, err := get(ctx, k.store, name)
	if err != nil || cur == nil {
		return top, 1, false, err // a missing newest epoch is written again
	}
	keys, kind, err := rk.openBlob(cur, n, top)
	switch {
	case err != nil:
		return top + 1, 1, false, nil
	case kind == blobTombstone:
		return top, 0, true, nil
	}
	return top + 1, keys.Len() + 1, false, nil
}

// scrub overwrites with decoy keys every epoch of n below target whose blob
// holds a keyset, or does not open, and returns the names of the epochs up
// to target.
func (k *Keyring) scrub(ctx context.Context, rk *ringKeys, n keyName, target uint64) ([]string, error) {
	var names []string
	for e := uint64(1); e <= target; e++ {
		name, err := rk.blobName(n, e)
		if err != nil {
			return nil, err
		}
		if e < target {
			if err := k.scrubOne(ctx, rk, n, e, name, e+1 == target); err != nil {
				return nil, err
			}
		}
		names = append(names, name)
	}
	return names, nil
}

// sweep removes the leftover copies of the blobs of names, where the store
// is a [Sweeper]: a [DirStore] in one pass over its directory.
func (k *Keyring) sweep(ctx context.Context, names []string) error {
	if d, ok := k.store.(*DirStore); ok {
		return d.sweepNames(ctx, names)
	}
	if sw, ok := k.store.(Sweeper); ok {
		for _, name := range names {
			if err := sw.Sweep(ctx, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// scrubOne overwrites epoch e of n, stored under name, with decoy keys if
// its blob holds a keyset or does not open. last says the tombstone
// follows it.
func (k *Keyring) scrubOne(ctx context.Context, rk *ringKeys, n keyName, e uint64, name string, last bool) error {
	blob, err := get(ctx, k.store, name)
	if err != nil || blob == nil {
		return err
	}
	var size int
	keys, kind, err := rk.openBlob(blob, n, e)
	switch {
	case err != nil:
		size = 1
	case kind == blobKeyset || kind == blobPending:
		size = keys.Len()
	default:
		return nil // decoy keys already
	}
	was := blobOldKeyset
	if last {
		was = blobOldTomb
	}
	d, err := decoy(size)
	if err != nil {
		return err
	}
	return k.putBlob(ctx, rk, n, e, name, d, was)
}
