package keyset

import "context"

// SaveUnlisted saves i's keysets as a keyring that kept no identity
// listing did: the identity is stored, its ID listed nowhere.
func SaveUnlisted(ctx context.Context, k *Keyring, i *Identity) error {
	return k.saveIdentityKeysets(ctx, i)
}

// ListingEntry returns the store name of entry e of k's identity listing.
func ListingEntry(ctx context.Context, k *Keyring, e uint64) (string, error) {
	rk, err := k.derived(ctx)
	if err != nil {
		return "", err
	}
	return rk.blobName(listName, e)
}

// ListingMarker returns the store name of the marker of id in k's
// identity listing.
func ListingMarker(ctx context.Context, k *Keyring, id string) (string, error) {
	rk, err := k.derived(ctx)
	if err != nil {
		return "", err
	}
	return rk.blobName(markerName(id), 0)
}
