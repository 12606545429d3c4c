package codec

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/sealstream/sealstream"
)

// MaxFieldSize bounds any single decoded field, so that a corrupt length
// can never make a decoder allocate without limit.
const MaxFieldSize = 64 << 20

// AppendBinary appends the binary form of r to dst:
// format byte, uvarint version, ID, type, 8-byte time, metadata, prev and
// payload, every variable field length-prefixed.
func (r *Record) AppendBinary(dst []byte) ([]byte, error) {
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
// input, including trailing bytes, is an error matching
// [sealstream.ErrCorrupt]; nothing panics.
func (r *Record) UnmarshalBinary(data []byte) error {
	d := decoder{b: data}
	if f := d.byte(); f != FormatVersion && d.err == nil {
		return fmt.Errorf("%w: unknown format %d", sealstream.ErrCorrupt, f)
	}
	var out Record
	out.Version = d.uvarint()
	out.ID = string(d.lv())
	out.Type = string(d.lv())
	out.Time = int64(d.uint64())
	if n := d.uvarint(); n > 0 && d.err == nil {
		if n > uint64(len(d.b)) {
			d.fail("metadata count")
		} else {
			out.Metadata = make(map[string]string, n)
			prev := ""
			for i := range n {
				k, v := string(d.lv()), string(d.lv())
				if i > 0 && k <= prev && d.err == nil {
					d.fail("metadata key order") // canonical: strictly increasing keys
				}
				out.Metadata[k], prev = v, k
			}
		}
	}
	out.Prev = d.lvCopy()
	out.Payload = d.lvCopy()
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return d.err
	}
	*r = out
	return nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: binary record: bad %s", sealstream.ErrCorrupt, what)
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail("length")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || n != uvarintLen(v) {
		d.fail("varint") // also refuses overlong encodings: one value, one form
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.fail("length")
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) lv() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > MaxFieldSize || n > uint64(len(d.b)) || n > math.MaxInt {
		d.fail("field length")
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) lvCopy() []byte {
	v := d.lv()
	if len(v) == 0 {
		return nil
	}
	return append([]byte(nil), v...)
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}
