package keyset

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// MasterName is the blob name under which a [Keyring] keeps its master
// keyset, sealed by its [Protector]. Every other blob of the keyring is
// sealed under keys derived from the master, and named by them.
const MasterName = "keyring/master"

// Labels of what the master keyset derives; each names one purpose.
const (
	sealLabel = "sealstream/keyring/seal"
	nameLabel = "sealstream/keyring/name"
)

// ringKeys are what a keyring derives from its master keyset: the AEAD
// that seals every blob and the PRF that names them.
type ringKeys struct {
	seal  tink.AEAD
	names *prf.Set
}

// keys returns the keyring's keys, opening its master keyset at the first
// call and creating it in an empty store. Where the store can create
// without overwriting, keyrings creating it at once all end up with one.
// The caller holds k.mu.
func (k *Keyring) keys(ctx context.Context) (*ringKeys, error) {
	if k.rk != nil {
		return k.rk, nil
	}
	h, err := k.master(ctx)
	if err != nil {
		return nil, err
	}
	names, err := prf.NewPRFSet(h)
	if err != nil {
		return nil, fmt.Errorf("keyset: keyring master keyset: %w", err)
	}
	key, err := names.ComputePrimaryPRF([]byte(sealLabel), 32)
	if err != nil {
		return nil, fmt.Errorf("keyset: keyring master keyset: %w", err)
	}
	defer clear(key)
	seal, err := subtle.NewAESGCM(key)
	if err != nil {
		return nil, fmt.Errorf("keyset: keyring master keyset: %w", err)
	}
	k.rk = &ringKeys{seal: seal, names: names}
	return k.rk, nil
}

// master returns the keyring's master keyset, an HKDF-SHA256 PRF keyset.
func (k *Keyring) master(ctx context.Context) (*tinkkeyset.Handle, error) {
	blob, err := k.store.Get(ctx, MasterName)
	if err == nil {
		return k.prot.Open(blob, MasterName)
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	h, err := tinkkeyset.NewHandle(prf.HKDFSHA256PRFKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: new keyring master keyset: %w", err)
	}
	if blob, err = k.prot.Seal(h, MasterName); err != nil {
		return nil, err
	}
	c, ok := k.store.(creator)
	if !ok {
		return h, k.store.Put(ctx, MasterName, blob)
	}
	err = c.Create(ctx, MasterName, blob)
	if errors.Is(err, fs.ErrExist) { // another keyring created it first
		if blob, err = k.store.Get(ctx, MasterName); err != nil {
			return nil, err
		}
		return k.prot.Open(blob, MasterName)
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}

// blobName returns the store name of epoch e of the keyring's keyset
// named n: "k/" and 64 hex digits of a PRF of n and e under the master,
// so that names tell nothing of the stream or identity they hold, nor
// which blobs are epochs of the same one.
func (rk *ringKeys) blobName(n keyName, e uint64) (string, error) {
	in := binary.BigEndian.AppendUint64(codec.AppendLV([]byte(nameLabel), []byte(n.String())), e)
	out, err := rk.names.ComputePrimaryPRF(in, 32)
	if err != nil {
		return "", fmt.Errorf("keyset: blob name: %w", err)
	}
	return "k/" + hex.EncodeToString(out), nil
}
