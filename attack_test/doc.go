// Package attack holds the tests of sealstream's authenticity: each one
// plays an attacker against streams written by the library, and shows that
// every read path and stream.Stream.Verify catch the attack with a named
// error instead of accepting forged content or hiding an event.
//
// # Threat model
//
// The keyless attacker has write access to the stored streams: on a file
// store the JSONL line files, which it reads and rewrites with the public
// line codec of adapter/file; on any other store the raw records of
// adapter.Log, as a hostile server would. It may read the key directory,
// but holds no passphrase, master key or stream key. It knows the formats:
// it uses codec.Record, the keyless hash chain (codec.AD, codec.Hash),
// and the envelope format itself (internal/envelope) with keys and
// identities it makes for itself. So it can recompute the hash chain after
// any edit, and seal payloads, tags and signatures under its own keys.
//
// The second attacker is a recipient: it holds its own identity and the
// public exports of the other recipients and of the writer
// (keyset.Recipient.MarshalBinary), and the data keys of the events sealed
// to it, but neither the stream keys nor the writer's signing key.
//
// What they must not achieve, whatever the envelope mode of a record:
//
//   - make a reader accept an event it did not write: forged, relabelled
//     (type, ID, time, metadata), moved, or sealed to a recipient with
//     keys of its own, even when it recomputes the chain;
//   - hide an event from a reader: filtered reads (stream.Where) and
//     stream.SkipUnreadable skip only what they authenticated;
//   - forge an event for a recipient from that recipient's public export,
//     or, as a recipient, for another recipient;
//   - truncate, roll back or fork a stream unseen by a holder of a
//     checkpoint (stream.Stream.Checkpoint, stream.Extends).
//
// What they can do is refuse service: delete, damage or truncate records.
// Damage is reported (sealstream.ErrIntegrity, sealstream.ErrDecrypt,
// sealstream.ErrCorrupt, sealstream.ErrFormat); dropping whole events at the
// end of a stream cannot be seen from the log alone, which is what
// checkpoints are for.
//
// Each test runs on a file store, whose lines the attacker rewrites by
// hand, and on the in-memory adapter, whose records it rewrites through
// a raw adapter.Log. The property over random streams and random
// single-record mutations is TestAttackLaws in props_test.
package attack
