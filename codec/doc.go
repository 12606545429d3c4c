// Package codec defines the record that adapters store and its canonical
// bytes.
//
// A [Record] is what an adapter sees of an event: its place (version),
// identity (ID), plaintext type, time and metadata, the hash of the record
// before it, and the sealed payload. Adapters store records; they never see
// plaintext payloads.
//
// [AD] gives the canonical bytes that bind a payload to its place: stream ID,
// version, event ID, type, time, metadata and previous hash, each field
// length-prefixed so that no two different records share the same bytes.
// [Hash] extends them with the payload; each record carries its
// predecessor's hash, which makes the log a hash chain.
//
// [Record.MarshalBinary] and [Record.UnmarshalBinary] give a compact binary
// form for adapters that store opaque bytes; [DecodeMetadata] reverses
// [AppendMetadata] for adapters that store metadata apart.
//
// Decoders trust no count or length they read: each is checked against what
// the rest of the input can hold and against the limits the stream layer
// enforces on write ([MaxIDLen], [MaxTypeLen], [MaxMetadataLen], …), before
// anything is allocated for it. Whatever the input claims, decoding
// allocates a small multiple of its size, and a field no writer could
// produce is refused with an error matching sealstream.ErrCorrupt.
package codec
