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
//
// # Keysets at rest
//
// Every stored keyset is a container:
//
//	"SSK1" | kind:u8 | uvarint(len(params)) | params | EncryptedKeyset
//
// where EncryptedKeyset is Tink's binary encrypted keyset, written with the
// associated data LV(header) | LV(name): header is everything before it
// and name the blob's name, so neither the parameters nor the salt can be
// edited, and no blob can be moved to another name. Kind 1 ([MasterKey])
// has no params. Kind 2 ([Passphrase]) has
//
//	params = time:u32 | memory KiB:u32 | threads:u8 | salt (16..64 bytes)
//
// (big-endian) and its key is argon2id(passphrase, salt, time, memory,
// threads, 32 bytes) used as AES-256-GCM. Each seal draws a fresh 16-byte
// salt. On open the parameters are bounded (time 1..10, memory up to
// 256 MiB, threads 1..16) before anything is derived. [DefaultArgon2] is
// time 3, 64 MiB, 2 threads: 62 to 117 ms per derivation on a shared
// 2-core VM, so a passphrase protector keeps the keys it derived by header.
//
// A [DirStore] keeps each blob in a 0600 file of a directory it creates
// 0700 (an existing one must not be writable by others), named
// by the hex SHA-256 of the blob's name, written to a temporary file,
// synced and renamed. Temporary files carry their target's name:
// [DirStore.Sweep] removes those of one blob (Forget calls it, so a copy
// left by a crashed write cannot undo the shredding) and [OpenDir] those
// older than [TempGracePeriod]. It refuses to read a symlink, a FIFO, a file others
// may access, or one over [MaxBlobSize].
//
// [OpenDirKeyring] puts these together for a single passphrase:
//
//	ring, err := sskeyset.OpenDirKeyring("/var/lib/app/keys", []byte("mysecret"))
//
// The passphrase seals a master keyset (under [MasterName]) and the master
// seals the streams' keysets, so argon2 runs once per open, and a wrong
// passphrase fails at once with [sealstream.ErrWrongKey].
package keyset
