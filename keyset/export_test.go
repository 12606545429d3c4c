package keyset

import tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"

// Derivations returns how many argon2id derivations p, a protector made by
// Passphrase, has run.
func Derivations(p Protector) int64 { return p.(*passphrase).derived.Load() }

// PrivateOf exposes an identity's private keyset to the tests.
func PrivateOf(i *Identity) *tinkkeyset.Handle { return i.priv }

// DecodeArgon2 exposes the parser of passphrase parameters to the fuzzer.
var DecodeArgon2 = decodeArgon2

// CachedHeads returns how many keysets k keeps opened, and of how many
// more it keeps only the epoch floor.
func CachedHeads(k *Keyring) (full, floors int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.heads.full.Len(), len(k.heads.floors)
}
