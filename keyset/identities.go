package keyset

import (
	"context"
	"fmt"
	"slices"

	"github.com/sealstream/sealstream"
)

// The identity listing. An identity's blobs are named by a keyed hash of
// its ID, so the store cannot be searched for identities; the keyring
// keeps their IDs in a listing instead: a log of entries 1, 2, …, each a
// blob created with the store's put-if-absent and naming one ID, sealed
// under the keyring's seal key with its number bound in, padded to one
// size and named like every blob. Keyrings listing IDs at once, in one
// process or several, each create the next free entry: of two creating
// one number, one wins and the other takes the number after. Beside each
// listed ID the keyring keeps a marker (a blob named by a keyed hash of
// the ID, holding its entry's number), so that it can tell whether an ID
// is listed without reading the listing.

// Identities returns the IDs of the identities the keyring holds, sorted:
// those saved with [Keyring.SaveIdentity] and not forgotten since. Their
// IDs are kept sealed in the keyring's store, under names that tell
// nothing of them.
//
// An identity saved by a version of this package that kept no listing is
// listed from the first time the keyring loads it ([Keyring.Identity], as
// every use of it does) or saves it again; until then it is missing here.
//
// A listing entry altered, moved, replaced by another blob or missing
// below newer entries is [sealstream.ErrIntegrity]. The listing grants
// nothing: it names identities and holds no key. So an entry put back
// from an older copy (an identity forgotten since shows again, and
// [Keyring.Identity] says it is [sealstream.ErrShredded]) or the newest
// entries deleted (identities missing here until saved again, their keys
// untouched) mislead no read, and are not detected.
func (k *Keyring) Identities(ctx context.Context) ([]string, error) {
	rk, err := k.derived(ctx)
	if err != nil {
		return nil, fmt.Errorf("keyset: identities: %w", err)
	}
	var ids []string
	err = k.scanListing(ctx, rk, func(e uint64, name string, blob []byte) error {
		if blob == nil {
			return listIntegrity(name, e, "is missing below a newer entry")
		}
		r, err := rk.openRecord(blob, listName, e)
		if err != nil || r.kind == recMarker {
			return listIntegrity(name, e, notSealed)
		}
		if r.kind == recListed {
			ids = append(ids, r.id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// scanListing calls visit with the number, store name and blob of every
// entry of the listing, in order: up to the first number missing with the
// one after it. A missing entry followed by a present one is visited with
// a nil blob.
func (k *Keyring) scanListing(ctx context.Context, rk *ringKeys, visit func(e uint64, name string, blob []byte) error) error {
	for e := uint64(1); ; e++ {
		name, err := rk.blobName(listName, e)
		if err != nil {
			return err
		}
		blob, err := get(ctx, k.store, name)
		if err != nil {
			return fmt.Errorf("keyset: identity listing: %w", err)
		}
		if blob == nil {
			next, err := rk.blobName(listName, e+1)
			if err != nil {
				return err
			}
			more, err := has(ctx, k.store, next)
			if err != nil {
				return fmt.Errorf("keyset: identity listing: %w", err)
			}
			if !more {
				return nil
			}
		}
		if err := visit(e, name, blob); err != nil {
			return err
		}
	}
}

// derived returns the keys the keyring derives from its master.
func (k *Keyring) derived(ctx context.Context) (*ringKeys, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keys(ctx)
}

// listIntegrity returns an error matching [sealstream.ErrIntegrity] about
// entry e of the listing, stored under name, saying why it is refused.
func listIntegrity(name string, e uint64, why string) error {
	return fmt.Errorf("keyset: the identity listing: blob %s (entry %d) %s: %w", name, e, why, sealstream.ErrIntegrity)
}
