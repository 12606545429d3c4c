package codec

import (
	"bytes"
	"maps"
)

// FormatVersion is the version of the record format written by this package.
const FormatVersion = 1

// HashSize is the size of a record hash.
const HashSize = 32

// Record is the stored form of one event.
type Record struct {
	Version  uint64            // 1-based position in the stream
	ID       string            // event ID, unique within the stream
	Type     string            // event type, plaintext
	Time     int64             // Unix nanoseconds, UTC
	Metadata map[string]string // plaintext, authenticated
	Prev     []byte            // Hash of the previous record; empty for version 1
	Payload  []byte            // sealed envelope
}

// Equal reports whether r and o hold the same fields. A nil and an empty
// map or slice are equal.
func (r Record) Equal(o Record) bool {
	return r.Version == o.Version && r.ID == o.ID && r.Type == o.Type &&
		r.Time == o.Time && maps.Equal(r.Metadata, o.Metadata) &&
		bytes.Equal(r.Prev, o.Prev) && bytes.Equal(r.Payload, o.Payload)
}

// Size returns the approximate number of bytes the record occupies.
func (r Record) Size() int {
	n := 8 + len(r.ID) + len(r.Type) + 8 + len(r.Prev) + len(r.Payload)
	for k, v := range r.Metadata {
		n += len(k) + len(v)
	}
	return n
}
