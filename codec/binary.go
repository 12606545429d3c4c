package codec

import (
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
)

// AppendBinary appends the binary form of r to dst:
// format byte, uvarint version, ID, type, 8-byte time, metadata, prev and
// payload, every variable field length-prefixed. A record past the limits
// (see [MaxIDLen]), which no decoder would accept, is refused with an error
// matching [sealstream.ErrInvalidEvent].
func (r *Record) AppendBinary(dst []byte) ([]byte, error) {
	if err := r.checkLimits(); err != nil {
		return dst, err
	}
	dst = append(dst, FormatVersion)
	dst = binary.AppendUvarint(dst, r.Version)
	dst = appendLVString(dst, r.ID)
	dst = appendLVString(dst, r.Type)
	dst = binary.BigEndian.AppendUint64(dst, uint64(r.Time))
	dst = AppendMetadata(dst, r.Metadata)
	dst = AppendLV(dst, r.Prev)
	return AppendLV(dst, r.Payload), nil
}

// MarshalBinary returns the binary form of r.
func (r *Record) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 64+r.Size()))
}

// UnmarshalBinary decodes data written by MarshalBinary. Any malformed
// input, including trailing bytes and any field past the limits (see
// [MaxIDLen]), is an error matching [sealstream.ErrCorrupt] that names the
// field; nothing panics. What it allocates is bounded by a small multiple
// of len(data), whatever counts and lengths data claims.
func (r *Record) UnmarshalBinary(data []byte) error {
	d := decoder{what: "binary record", b: data}
	if f := d.byte("format"); f != FormatVersion && d.err == nil {
		d.failf("unknown format %d", f)
	}
	var out Record
	out.Version = d.uvarint("version")
	out.ID = string(d.field("event ID", MaxIDLen))
	out.Type = string(d.field("type", MaxTypeLen))
	out.Time = int64(d.uint64("time"))
	out.Metadata = d.metadata()
	out.Prev = d.fieldCopy("previous hash", HashSize)
	out.Payload = d.fieldCopy("payload", MaxFieldSize)
	if d.err == nil && len(d.b) != 0 {
		d.failf("%d trailing bytes", len(d.b))
	}
	if d.err != nil {
		return d.err
	}
	*r = out
	return nil
}

// checkLimits reports the first field of r past its limit.
func (r *Record) checkLimits() error {
	bad := func(field string, n, limit int) error {
		return fmt.Errorf("codec: record version %d: %s of %d bytes is over the %d-byte limit: %w",
			r.Version, field, n, limit, sealstream.ErrInvalidEvent)
	}
	size := 0
	for k, v := range r.Metadata {
		size += len(k) + len(v)
	}
	switch {
	case len(r.ID) > MaxIDLen:
		return bad("event ID", len(r.ID), MaxIDLen)
	case len(r.Type) > MaxTypeLen:
		return bad("type", len(r.Type), MaxTypeLen)
	case size > MaxMetadataLen:
		return bad("metadata", size, MaxMetadataLen)
	case len(r.Prev) > HashSize:
		return bad("previous hash", len(r.Prev), HashSize)
	case len(r.Payload) > MaxFieldSize:
		return bad("payload", len(r.Payload), MaxFieldSize)
	}
	return nil
}

// VersionOf returns the version of a record in binary form, reading only
// the format byte and the version: for a reader that needs no more, such
// as a change feed. It checks nothing else of data. A wrong format or a
// missing or zero version is an error matching [sealstream.ErrCorrupt].
func VersionOf(data []byte) (uint64, error) {
	if len(data) == 0 || data[0] != FormatVersion {
		return 0, fmt.Errorf("binary record: not of format %d: %w", FormatVersion, sealstream.ErrCorrupt)
	}
	v, n := binary.Uvarint(data[1:])
	if n <= 0 || v == 0 {
		return 0, fmt.Errorf("binary record: no valid version: %w", sealstream.ErrCorrupt)
	}
	return v, nil
}
