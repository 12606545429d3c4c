package codec

import (
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
)

// decoder reads the fields of one encoded value from b. The first failure
// is kept in err, names the field and empties b, so that later reads are
// no-ops and the caller checks err once.
type decoder struct {
	what string // what is decoded, for error messages: "binary record", "metadata"
	b    []byte
	err  error
}

func (d *decoder) failf(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("codec: %s: %s: %w", d.what, fmt.Sprintf(format, args...), sealstream.ErrCorrupt)
	}
	d.b = nil
}

func (d *decoder) byte(field string) byte {
	if len(d.b) < 1 {
		d.failf("%s: input ends early", field)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// uvarint reads a uvarint; see next.
func (d *decoder) uvarint(field string) uint64 {
	v, ok := d.next()
	if !ok {
		d.failf("%s: bad varint", field)
	}
	return v
}

// next reads a uvarint in its one shortest form: overlong encodings are
// refused, so that one value has one encoding.
func (d *decoder) next() (uint64, bool) {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || n != uvarintLen(v) {
		return 0, false
	}
	d.b = d.b[n:]
	return v, true
}

func (d *decoder) uint64(field string) uint64 {
	if len(d.b) < 8 {
		d.failf("%s: input ends early", field)
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// field reads a length-prefixed field of at most limit bytes. It returns a
// slice of the input, capped so that appending to it copies.
func (d *decoder) field(field string, limit int) []byte {
	n, ok := d.next()
	switch {
	case d.err != nil:
		return nil
	case !ok:
		d.failf("%s length: bad varint", field)
		return nil
	case n > uint64(limit):
		d.failf("%s of %d bytes is over the %d-byte limit", field, n, limit)
		return nil
	case n > uint64(len(d.b)):
		d.failf("%s of %d bytes runs past the end of the input (%d bytes left)", field, n, len(d.b))
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

// fieldCopy is field, copied out of the input; empty is nil.
func (d *decoder) fieldCopy(field string, limit int) []byte {
	v := d.field(field, limit)
	if len(v) == 0 {
		return nil
	}
	return append([]byte(nil), v...)
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}
