// Package keyset manages the keys of sealstream with Tink: the keyring that
// maps a stream to its AES-256-GCM keyset, the protection of keysets at rest,
// and the envelope that seals each payload.
//
// Import it under an alias beside Tink's own keyset package, for example:
//
//	import sskeyset "github.com/sealstream/sealstream/keyset"
//
// # Keyrings
//
// A [Keyring] hands each stream its Tink AEAD keyset, creating one on first
// use, and keeps the keysets in a [BlobStore] sealed by a [Protector]: a
// master AEAD ([MasterKey]) or a passphrase. Keysets are never stored in
// cleartext. [NewMemory] gives a keyring that lives as long as the process.
//
// # Rotation and shredding
//
// [Keyring.Rotate] adds a key and makes it primary; events sealed under
// older keys stay readable, as Tink selects the key by the ID in each
// ciphertext's prefix. [Keyring.Forget] destroys a stream's keyset and
// leaves a tombstone, so later reads fail with [sealstream.ErrShredded]
// rather than [sealstream.ErrDecrypt].
//
// # Envelope
//
// [Seal] and [Open] frame every stored payload as
// version | mode | body, and bind the header to the associated data.
package keyset
