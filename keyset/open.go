package keyset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// MasterName is the blob name under which [OpenDirKeyring] keeps the
// directory's master keyset. Stream keysets are kept under "stream/" names,
// so it never collides with one.
const MasterName = "keyring/master"

// OpenDirKeyring returns a keyring keeping its keysets in directory dir
// (see [OpenDir]) under passphrase pass: the one-secret configuration of a
// store, such as a key "mysecret", maps to this.
//
// The keyring has two levels. The passphrase, through argon2id with
// [DefaultArgon2], seals one master AES-256-GCM keyset stored under
// [MasterName]; the master seals each stream's keyset (a [MasterKey]
// container). So argon2 runs once per call, not once per stream, and a
// new passphrase would rewrite one file. The first call on a directory
// creates the master; of several processes doing so at once, one master
// wins and all use it. On an existing directory a wrong passphrase, or a
// tampered master, fails here with [sealstream.ErrWrongKey] (a master whose
// argon2 parameters were pushed out of bounds, with [sealstream.ErrCorrupt]);
// an empty pass is refused with [sealstream.ErrNoKey].
func OpenDirKeyring(dir string, pass []byte) (*Keyring, error) {
	if len(pass) == 0 {
		return nil, fmt.Errorf("keyset: directory keyring %s: empty passphrase: %w", dir, sealstream.ErrNoKey)
	}
	store, err := OpenDir(dir)
	if err != nil {
		return nil, err
	}
	master, err := openMaster(context.Background(), store, Passphrase(pass, DefaultArgon2))
	if err != nil {
		return nil, fmt.Errorf("keyset: directory keyring %s: %w", dir, err)
	}
	kek, err := aead.New(master)
	if err != nil {
		return nil, fmt.Errorf("keyset: directory keyring %s: master keyset: %w", dir, err)
	}
	return New(store, MasterKey(kek)), nil
}

// openMaster returns the master keyset of store, creating it if missing.
func openMaster(ctx context.Context, store *DirStore, prot Protector) (*tinkkeyset.Handle, error) {
	blob, err := store.Get(ctx, MasterName)
	if err == nil {
		return prot.Open(blob, MasterName)
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: new master keyset: %w", err)
	}
	if blob, err = prot.Seal(h, MasterName); err != nil {
		return nil, err
	}
	err = store.Create(ctx, MasterName, blob)
	if errors.Is(err, fs.ErrExist) { // another process created it first
		if blob, err = store.Get(ctx, MasterName); err != nil {
			return nil, err
		}
		return prot.Open(blob, MasterName)
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}
