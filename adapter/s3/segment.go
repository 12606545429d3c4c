package s3

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"

	"github.com/sealstream/sealstream"
)

// A segment object is a compacted copy of a range of commits, for reads:
//
//	"SSG1" | uvarint first | uvarint commits | commits × (uvarint len | commit object) | CRC-32C:u32
//
// With SegmentCommits S, segment k holds commits k·S+1 to (k+1)·S, so
// its key follows from a commit number, and two readers that compact the
// same range write the same bytes (put-if-absent keeps the first). The
// commits stay: they are the log; a segment only saves requests.
const segmentMagic = "SSG1"

// segmentOf returns the range of the segment that holds commit n.
func segmentOf(n uint64, size int) (first, last uint64) {
	k := (n - 1) / uint64(size)
	return k*uint64(size) + 1, (k + 1) * uint64(size)
}

// encodeSegment returns the segment object of commits cs, in order.
func encodeSegment(cs []*commit) []byte {
	size := len(segmentMagic) + 20 + 4
	for _, c := range cs {
		size += len(c.raw) + binary.MaxVarintLen64
	}
	out := append(make([]byte, 0, size), segmentMagic...)
	out = binary.AppendUvarint(out, cs[0].n)
	out = binary.AppendUvarint(out, uint64(len(cs)))
	for _, c := range cs {
		out = binary.AppendUvarint(out, uint64(len(c.raw)))
		out = append(out, c.raw...)
	}
	return binary.BigEndian.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

// decodeSegment decodes the segment of commits first to last of streamID,
// checking that each commit follows the one before. Damage is an error
// matching [sealstream.ErrCorrupt].
func decodeSegment(streamID string, first, last uint64, b []byte) ([]*commit, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("s3: stream %q segment of commits %d-%d: %s: %w",
			streamID, first, last, fmt.Sprintf(format, args...), sealstream.ErrCorrupt)
	}
	if len(b) < len(segmentMagic)+2+4 || string(b[:len(segmentMagic)]) != segmentMagic {
		return nil, bad("not a segment object (%d bytes)", len(b))
	}
	data, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(data, castagnoli) != sum {
		return nil, bad("checksum mismatch")
	}
	r := reader{b: data[len(segmentMagic):]}
	if f, n := r.uvarint(), r.uvarint(); r.err != nil || f != first || n != last-first+1 {
		return nil, bad("header names other commits")
	}
	cs := make([]*commit, 0, last-first+1)
	for n := first; n <= last; n++ {
		raw := r.next(r.uvarint())
		if r.err != nil {
			return nil, bad("commit %d truncated", n)
		}
		c, err := decodeCommit(streamID, n, raw)
		if err != nil {
			return nil, err
		}
		if p := len(cs) - 1; p >= 0 && (c.first != cs[p].first+cs[p].count || c.total <= cs[p].total) {
			return nil, bad("commit %d does not follow commit %d", n, n-1)
		}
		cs = append(cs, c)
	}
	if len(r.b) != 0 {
		return nil, bad("%d trailing bytes", len(r.b))
	}
	return cs, nil
}
