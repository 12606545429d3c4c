package sealstream

import "time"

// Event is one entry of a stream.
//
// Data is plaintext to the caller and only ever stored sealed. Metadata is
// stored in plaintext (authenticated, filterable without keys): never put
// secrets there.
type Event struct {
	// ID is unique within its stream and is the idempotency key.
	// Empty: Append assigns a UUIDv7.
	ID string
	// Type names the kind of event; it is required.
	Type string
	// Data is the payload.
	Data []byte
	// Time is when the event happened; zero means "now" at append (UTC).
	Time time.Time
	// Metadata is plaintext, authenticated and filterable.
	Metadata map[string]string
	// Version is the 1-based position in the stream, assigned by the stream
	// and ignored on Append.
	Version uint64
}
