package s3

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// A commit object holds the records of one append:
//
//	"SSC1" | uvarint n | uvarint first | uvarint count | total:u64 |
//	count × (uvarint len | codec binary record) | CRC-32C:u32
//
// n is the commit's number (it must match its key), first the version of
// its first record, count the number of records (0 for a void commit,
// which fences the number of a write whose outcome was unknown) and total
// the bytes of commits 1 to n, this one included. Integers are big-endian.
const commitMagic = "SSC1"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// commit is a decoded commit object.
type commit struct {
	n, first, count uint64
	total           int64
	recs            []codec.Record
	raw             []byte // the object as stored
}

// end is the version of the commit's last record (first-1 when void).
func (c *commit) end() uint64 { return c.first + c.count - 1 }

// encodeCommit returns the object of commit n holding recs (versions
// first, first+1, …), after commits whose objects total prevTotal bytes.
func encodeCommit(n, first uint64, prevTotal int64, recs []codec.Record) ([]byte, error) {
	body := make([]byte, 0, 64)
	for i := range recs {
		b, err := recs[i].MarshalBinary()
		if err != nil {
			return nil, err
		}
		body = binary.AppendUvarint(body, uint64(len(b)))
		body = append(body, b...)
	}
	head := append(make([]byte, 0, 40), commitMagic...)
	head = binary.AppendUvarint(head, n)
	head = binary.AppendUvarint(head, first)
	head = binary.AppendUvarint(head, uint64(len(recs)))
	size := len(head) + 8 + len(body) + 4
	out := make([]byte, 0, size)
	out = append(out, head...)
	out = binary.BigEndian.AppendUint64(out, uint64(prevTotal)+uint64(size))
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.Checksum(out, castagnoli)), nil
}

// decodeCommit decodes the object stored as commit n of streamID. Any
// damage, a number that is not n, or a record whose version is not in
// sequence, is an error matching [sealstream.ErrCorrupt].
func decodeCommit(streamID string, n uint64, b []byte) (*commit, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("s3: stream %q commit %d: %s: %w", streamID, n, fmt.Sprintf(format, args...), sealstream.ErrCorrupt)
	}
	if len(b) < len(commitMagic)+3+8+4 || string(b[:len(commitMagic)]) != commitMagic {
		return nil, bad("not a commit object (%d bytes)", len(b))
	}
	data, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(data, castagnoli) != sum {
		return nil, bad("checksum mismatch")
	}
	c := &commit{raw: b}
	r := reader{b: data[len(commitMagic):]}
	c.n, c.first, c.count = r.uvarint(), r.uvarint(), r.uvarint()
	c.total = int64(r.u64())
	switch {
	case r.err != nil:
		return nil, bad("truncated header")
	case c.n != n:
		return nil, bad("the object holds commit %d", c.n)
	case c.first == 0 || c.count > uint64(len(r.b)) || c.total < int64(len(b)):
		return nil, bad("impossible header (first version %d, %d records, total %d bytes)", c.first, c.count, c.total)
	}
	c.recs = make([]codec.Record, c.count)
	for i := range c.recs {
		v := c.first + uint64(i)
		size := r.uvarint()
		rec := r.next(size)
		if r.err != nil {
			return nil, bad("record %d (version %d) truncated", i, v)
		}
		if err := c.recs[i].UnmarshalBinary(rec); err != nil {
			return nil, fmt.Errorf("s3: stream %q commit %d version %d: %w", streamID, n, v, err)
		}
		if c.recs[i].Version != v {
			return nil, bad("record %d holds version %d, want %d", i, c.recs[i].Version, v)
		}
	}
	if len(r.b) != 0 {
		return nil, bad("%d trailing bytes", len(r.b))
	}
	return c, nil
}

// reader reads the integers of an object, recording the first failure.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = fmt.Errorf("bad varint")
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) u64() uint64 {
	if r.err == nil && len(r.b) < 8 {
		r.err = fmt.Errorf("truncated")
	}
	if r.err != nil {
		return 0
	}
	v := binary.BigEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) next(n uint64) []byte {
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = fmt.Errorf("truncated")
	}
	if r.err != nil {
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}
