// Package wire is the encoding shared by the sync server and its client:
// records as JSON objects, one per line, error bodies and the names of the
// API's paths and parameters.
package wire

import (
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Record is a [codec.Record] as JSON. Byte fields are standard base64; the
// time (Unix nanoseconds) is a decimal string, which JavaScript numbers
// cannot hold exactly.
type Record struct {
	Version  uint64            `json:"v"`
	ID       string            `json:"id"`
	Type     string            `json:"type"`
	Time     int64             `json:"time,string"`
	Metadata map[string]string `json:"meta,omitempty"`
	Prev     []byte            `json:"prev,omitempty"`
	Data     []byte            `json:"data,omitempty"`
}

// FromCodec returns r as JSON fields; the slices and map are shared.
func FromCodec(r *codec.Record) Record {
	return Record{Version: r.Version, ID: r.ID, Type: r.Type, Time: r.Time,
		Metadata: r.Metadata, Prev: r.Prev, Data: r.Payload}
}

// Codec returns r as a codec record after checking it against the codec's
// limits (the bytes of each field, an empty or 32-byte previous hash). A
// record past them gets an error matching [sealstream.ErrInvalidEvent]
// that names the field, never a value.
func (r *Record) Codec() (codec.Record, error) {
	meta := 0
	for k, v := range r.Metadata {
		meta += len(k) + len(v)
	}
	bad := func(field string, n, limit int) (codec.Record, error) {
		return codec.Record{}, fmt.Errorf("record version %d: %s of %d bytes is over the %d-byte limit: %w",
			r.Version, field, n, limit, sealstream.ErrInvalidEvent)
	}
	switch {
	case len(r.ID) > codec.MaxIDLen:
		return bad("event ID", len(r.ID), codec.MaxIDLen)
	case len(r.Type) > codec.MaxTypeLen:
		return bad("type", len(r.Type), codec.MaxTypeLen)
	case meta > codec.MaxMetadataLen:
		return bad("metadata", meta, codec.MaxMetadataLen)
	case len(r.Data) > codec.MaxFieldSize:
		return bad("payload", len(r.Data), codec.MaxFieldSize)
	case len(r.Prev) != 0 && len(r.Prev) != codec.HashSize:
		return codec.Record{}, fmt.Errorf("record version %d: previous hash of %d bytes, want 0 or %d: %w",
			r.Version, len(r.Prev), codec.HashSize, sealstream.ErrInvalidEvent)
	}
	return codec.Record{Version: r.Version, ID: r.ID, Type: r.Type, Time: r.Time,
		Metadata: r.Metadata, Prev: r.Prev, Payload: r.Data}, nil
}

// Line is one line of a read or a listing as a client decodes it: a
// record, a stream ID ({"stream":…}), or the closing line.
type Line struct {
	Record
	Stream string `json:"stream,omitempty"`
	Closing
}

// Closing is the last line of a read or a listing, {"end":true}: More says
// that a read stopped at its page's bound, Error that the answer ends with
// an error. An answer cut before it is incomplete.
type Closing struct {
	End  bool `json:"end"`
	More bool `json:"more,omitempty"`
	Error
}

// AppendRequest is the body of an append.
type AppendRequest struct {
	Records []Record `json:"records"`
}

// HeadBody is the answer to a head request and to an append, and is
// carried by a conflict. Bytes is the storage the log occupies.
type HeadBody struct {
	Version uint64  `json:"head"`
	Last    *Record `json:"last,omitempty"`
	Bytes   int64   `json:"bytes,omitempty"`
}

// FindRequest asks for the versions holding event IDs; FindBody answers,
// 0 where no record holds the ID.
type FindRequest struct {
	IDs []string `json:"ids"`
}

// FindBody is the answer to a FindRequest.
type FindBody struct {
	Versions []uint64 `json:"versions"`
}
