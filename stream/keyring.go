package stream

import "github.com/sealstream/sealstream/keyset"

// Keys returns the store's keys: Config.Keys, or the keyring the store
// made from Config.Key; nil for a plaintext store.
func (s *Store) Keys() Keys { return s.cfg.Keys }

// Keyring returns the store's keys as a [keyset.Keyring], for rotating,
// forgetting and saving identities through the same keyring the store
// reads with (no second keyring, no second passphrase derivation): the
// keyring made from Config.Key, or Config.Keys when it is one. It returns
// nil otherwise.
func (s *Store) Keyring() *keyset.Keyring {
	ring, _ := s.cfg.Keys.(*keyset.Keyring)
	return ring
}
