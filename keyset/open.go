package keyset

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
)

// OpenDirKeyring returns a keyring keeping its keysets in directory dir
// (see [OpenDir]) under passphrase pass: the one-secret configuration of a
// store, such as a key "mysecret", maps to this.
//
// The passphrase, through argon2id with [DefaultArgon2], seals the
// keyring's master keyset, stored under [MasterName]; keys derived from
// the master seal and name every other blob. So argon2 runs once per call,
// not once per stream, and a new passphrase would rewrite one file. The
// first call on a directory creates the master; of several processes doing
// so at once, one master wins and all use it. On an existing directory a
// wrong passphrase, or a tampered master, fails here with
// [sealstream.ErrWrongKey] (a master whose argon2 parameters were pushed
// out of bounds, with [sealstream.ErrCorrupt]); a directory written by an
// older version, with [sealstream.ErrFormat]; an empty pass is refused
// with [sealstream.ErrNoKey].
func OpenDirKeyring(dir string, pass []byte) (*Keyring, error) {
	if len(pass) == 0 {
		return nil, fmt.Errorf("keyset: directory keyring %s: empty passphrase: %w", dir, sealstream.ErrNoKey)
	}
	store, err := OpenDir(dir)
	if err != nil {
		return nil, err
	}
	k := New(store, Passphrase(pass, DefaultArgon2))
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, err := k.keys(context.Background()); err != nil {
		return nil, fmt.Errorf("keyset: directory keyring %s: %w", dir, err)
	}
	return k, nil
}
