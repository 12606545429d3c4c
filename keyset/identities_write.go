package keyset

import (
	"context"
	"errors"
	"fmt"
)

// list adds id to the identity listing unless it is listed already:
// marked, and, if verify, marked at an entry that names it. Otherwise it
// creates the next free entry naming id (after other keyrings' entries,
// if they create one at the same time) and then marks id there.
func (k *Keyring) list(ctx context.Context, rk *ringKeys, id string, verify bool) error {
	ok, err := k.listed(ctx, rk, id, verify)
	if err != nil || ok {
		return err
	}
	for range maxRaces {
		top, err := k.gallop(ctx, rk, listName, 0)
		if err != nil {
			return err
		}
		e := top + 1
		name, err := rk.blobName(listName, e)
		if err != nil {
			return err
		}
		blob, err := rk.sealRecord(listName, e, record{kind: recListed, index: e, id: id})
		if err != nil {
			return err
		}
		err = k.create(ctx, name, blob)
		if errors.Is(err, errRaced) {
			continue
		}
		if err != nil {
			return fmt.Errorf("keyset: identity listing: %w", err)
		}
		return k.mark(ctx, rk, id, e)
	}
	return fmt.Errorf("keyset: identity listing: other keyrings kept writing its next entry first, %d times", maxRaces)
}

// mark stores the marker saying id is listed at entry e.
func (k *Keyring) mark(ctx context.Context, rk *ringKeys, id string, e uint64) error {
	n := markerName(id)
	name, err := rk.blobName(n, 0)
	if err != nil {
		return err
	}
	blob, err := rk.sealRecord(n, 0, record{kind: recMarker, index: e, id: id})
	if err != nil {
		return err
	}
	if err := k.store.Put(ctx, name, blob); err != nil {
		return fmt.Errorf("keyset: identity listing: %w", err)
	}
	return nil
}

// listed reports whether id's marker is stored and, if verify, whether it
// is the one the keyring sealed and the entry it points at names id. A
// marker or entry that does not open counts as not listed: listing id
// again then heals it (the listing itself reports a bad entry).
func (k *Keyring) listed(ctx context.Context, rk *ringKeys, id string, verify bool) (bool, error) {
	n := markerName(id)
	name, err := rk.blobName(n, 0)
	if err != nil {
		return false, err
	}
	if !verify {
		return has(ctx, k.store, name)
	}
	blob, err := get(ctx, k.store, name)
	if err != nil || blob == nil {
		return false, err
	}
	m, err := rk.openRecord(blob, n, 0)
	if err != nil || m.kind != recMarker || m.id != id {
		return false, nil
	}
	if name, err = rk.blobName(listName, m.index); err != nil {
		return false, err
	}
	if blob, err = get(ctx, k.store, name); err != nil || blob == nil {
		return false, err
	}
	r, err := rk.openRecord(blob, listName, m.index)
	return err == nil && r.kind == recListed && r.id == id, nil
}

// unlist takes id out of the listing: every entry naming it is rewritten
// as removed, its marker deleted, and, where the store is a [Sweeper],
// leftover copies of those blobs removed, so that no blob of the store
// names id any more. Entries that do not open are left as they are.
func (k *Keyring) unlist(ctx context.Context, rk *ringKeys, id string) error {
	var names []string
	err := k.scanListing(ctx, rk, func(e uint64, name string, blob []byte) error {
		r, err := rk.openRecord(blob, listName, e)
		if blob == nil || err != nil || r.kind != recListed || r.id != id {
			return nil
		}
		gone, err := rk.sealRecord(listName, e, record{kind: recRemoved, index: e})
		if err != nil {
			return err
		}
		if err := k.store.Put(ctx, name, gone); err != nil {
			return fmt.Errorf("keyset: identity listing: %w", err)
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return err
	}
	marker, err := rk.blobName(markerName(id), 0)
	if err != nil {
		return err
	}
	if err := k.store.Delete(ctx, marker); err != nil {
		return fmt.Errorf("keyset: identity listing: %w", err)
	}
	return k.sweep(ctx, append(names, marker))
}
