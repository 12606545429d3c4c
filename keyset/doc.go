// Package keyset manages the keys of sealstream with Tink: the keyring that
// maps a stream to its AES-256-GCM keyset, identities and recipients, and
// the protection of keysets at rest. (The envelope that seals each payload
// is internal to sealstream.)
//
// Import it under an alias beside Tink's own keyset package, for example:
//
//	import sskeyset "github.com/sealstream/sealstream/keyset"
//
// # Keyrings
//
// A [Keyring] hands each stream its Tink AEAD keyset, creating one on first
// use, and keeps the keysets in a [BlobStore]. A [Protector], a master AEAD
// ([MasterKey]) or a passphrase, seals the keyring's master keyset; keys
// derived from the master seal and name every other blob. Keysets are never
// stored in cleartext. [NewMemory] gives a keyring that lives as long as
// the process.
//
// # Identities, recipients and writers
//
// An [Identity] is a person or device: an HPKE keyset (X25519) that opens
// events sealed to it, and an Ed25519 keyset with which it signs what it
// writes. Its public half, a [Recipient], is exported with
// [Recipient.MarshalBinary] ("SSR2": ID, HPKE and signing public keysets)
// and imported with [ParseRecipient], which refuses any secret material;
// writers seal to it, and readers trust it as a writer (stream.Config.Trust).
//
// # Rotation and shredding
//
// [Keyring.Rotate] adds a key and makes it primary; events sealed under
// older keys stay readable, as Tink selects the key by the ID in each
// ciphertext's prefix. [Keyring.Forget] destroys a stream's keyset and
// leaves a tombstone, so later reads fail with [sealstream.ErrShredded]
// rather than [sealstream.ErrDecrypt].
//
// # Keysets at rest
//
// Every stored keyset is a container:
//
//	"SSK2" | kind:u8 | uvarint(len(params)) | params | EncryptedKeyset
//
// where EncryptedKeyset is Tink's binary encrypted keyset without its
// cleartext keyset info (so no key ID, type or count shows), written with
// the associated data LV(header) | LV(name): header is everything before
// it and name the blob's name, so neither the parameters nor the salt can
// be edited, and no blob can be moved to another name. Kind 1 ([MasterKey])
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
// # The keyring's blobs
//
// The Protector seals one blob, the master: an HKDF-SHA256 PRF keyset
// stored under [MasterName]. From it the keyring derives an AES-256-GCM
// seal key and a naming function. Each keyset it keeps (a stream's,
// "stream/<id>", or an identity's) has epochs 1, 2, …: every change
// (creation, rotation, saving an identity, forgetting) writes the next
// epoch as a new blob, named
//
//	"k/" + hex(PRF(master, "sealstream/keyring/name" | LV(name) | epoch:u64))
//
// and sealed, as a kind 1 container under the seal key, with the name, the
// epoch and what the blob holds bound into its associated data: the keyset
// in force; the keyset in force while its successor is being written; a
// tombstone; or a superseded epoch. Tombstones and superseded epochs hold
// fresh random keys, as many as the keyset they stand for (a tombstone one
// more, as a rotation would), so every blob is a sealed keyset of the
// usual size, and only the master tells them apart.
//
// The newest stored epoch is the one in force. A new epoch is created with
// the store's put-if-absent (Create, which [MemStore] and [DirStore] have):
// of keyrings writing the same epoch at once, in one process or several,
// one wins and the others read it and decide again; creating the epoch is
// the commit. Then the epoch below it is overwritten as superseded (a
// keyset replaced by a keyset is first rewritten as pending, so that a
// keyset in force found below a newer epoch is always a copy put back).
// Blobs are never deleted: epochs
// stay contiguous, so a keyring opened afresh finds the newest by probing
// epochs 1, 2, 4, … and bisecting.
//
// Beside its keysets the keyring lists its identities' IDs
// ([Keyring.Identities]): entries 1, 2, … named by the PRF of
// "identity-list/" and the entry number, each created with Create and
// holding one ID, sealed under the seal key with its number bound in and
// padded to 128 bytes; and, per listed ID, a marker named by the PRF of
// "identity-listed/<id>". ForgetIdentity rewrites the ID's entries as
// removed and deletes its marker. The listing adds one fixed-size blob per
// identity and holds no key.
//
// At every call a keyring checks three names: the next epoch is absent, and
// the blobs of the newest epoch and of the one before are still those it
// saw (in memory this costs no copy). Otherwise it reads them again, and
// never goes below an epoch it has seen. So, to an attacker who can read
// and write the key directory or blob table but has neither the passphrase
// nor the master key:
//   - a blob put back from an older copy, over the newest epoch or over the
//     one before, or moved from another name, or altered, is
//     [sealstream.ErrIntegrity], naming the blob; a superseded keyset put
//     back further down is never read;
//   - deleting a tombstone, or putting the keyset it replaced back over it,
//     leaves the stream [sealstream.ErrShredded] or [sealstream.ErrIntegrity],
//     never readable; deleting the newest keyset is [sealstream.ErrNoKey];
//   - names do not tell which stream or identity a blob belongs to, nor
//     which blobs are epochs of one keyset, and a guessed stream ID cannot be
//     confirmed; tombstones look like keysets. What shows is the number of
//     blobs, their sizes and times, so when a keyset changes, and roughly
//     how many keys it holds.
//
// What remains possible: rolling back the whole key directory (every file
// at once, from a backup), or all epochs of one keyset together (deleting
// the newer epochs and putting older copies back below them), is not
// detectable by a keyring that never saw the newer epochs, such as one
// opened afresh; a keyring that did see them reports [sealstream.ErrNoKey],
// [sealstream.ErrShredded] or [sealstream.ErrIntegrity]. Copies of keys taken before a Forget
// (backups, a copy of the directory) are beyond any keyring's reach.
//
// # Directories
//
// A [DirStore] keeps each blob in a 0600 file of a directory it creates
// 0700 (an existing one must not be writable by others), named by the hex
// SHA-256 of the blob's name, written to a temporary file, synced and
// renamed. Temporary files carry their target's name: [DirStore.Sweep]
// removes those of one blob (Forget calls it for every epoch, so a copy
// left by a crashed write cannot undo the shredding) and [OpenDir] those
// older than [TempGracePeriod]. It refuses to read a symlink, a FIFO, a
// file others may access, or one over [MaxBlobSize].
//
// [OpenDirKeyring] puts these together for a single passphrase:
//
//	ring, err := sskeyset.OpenDirKeyring("/var/lib/app/keys", []byte("mysecret"))
//
// argon2 runs once per open, and a wrong passphrase fails at once with
// [sealstream.ErrWrongKey].
//
// # Migration
//
// Keyrings written by earlier versions ("SSK1" containers, keysets stored
// under their plain names, plaintext tombstones) are not read: opening
// their master, or a keyset stored the old way, fails with an error
// matching [sealstream.ErrFormat], never with a misread or a silently new
// key. To migrate, read each stream with the version that wrote it and
// append its events to a store with a new keyring through this one (event
// IDs keep such appends idempotent, so a migration can be rerun); then
// destroy the old key directory. Identities must be made anew.
package keyset
