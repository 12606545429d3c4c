// Package envelope is the format of every stored payload: how it is
// sealed, to whom, and how its writer is authenticated. It is internal: the
// stream package seals and opens through it, and applications never see
// envelopes.
//
// Every envelope starts with its format version (2) and mode:
//
//	plain     = 2 | 0 | payload
//	all       = 2 | 1 | Tink AEAD ciphertext of payload
//	recipient = core | LV(signature) | LV(tag) | nonce | ciphertext | tag
//	core      = 2 | mode (2: one, 3: many) | uvarint(n) | n × (LV(recipient ID) | LV(wrap)) | LV(writer ID)
//
// The associated data ad of an envelope binds it to its place: stream,
// version, event ID, type, time, metadata and the previous record's hash.
// An "all" payload is sealed with the stream's AEAD under ad | LV(2 | 1).
// A recipient payload is sealed once with a fresh 32-byte data key under
// ad | LV(core); the data key is wrapped for each recipient with HPKE
// under a context binding ad, the mode and the recipient ID. Anyone
// holding a recipient's public key can wrap a data key for it, and every
// recipient can unwrap one, so two more things authenticate a recipient
// envelope:
//
//   - signature: the writer identity's Tink signature (Ed25519) over
//     LV("sig") | LV(ad) | core | ciphertext, so that a recipient without
//     the stream keys accepts only events from writers it trusts, and no
//     recipient can forge for another (re-sealing a payload under a data
//     key it unwrapped breaks the signature);
//   - tag: the stream's AEAD over an empty plaintext with associated data
//     ad | LV("tag") | LV(core) | LV(signature) | ciphertext: every other
//     byte of the envelope, so that a holder of the stream keys
//     authenticates every record, whatever its mode, with one check (a
//     keyless attacker cannot turn a stream into recipient records, and a
//     recipient cannot re-seal one).
//
// Envelopes of format 1 are refused with [sealstream.ErrFormat].
package envelope
