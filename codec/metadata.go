package codec

import (
	"bytes"
	"strings"
)

// DecodeMetadata decodes the canonical metadata bytes written by
// [AppendMetadata], and nothing else: keys out of order or repeated, a
// count, length or total past [MaxMetadataEntries] or [MaxMetadataLen],
// a count the input cannot hold, or trailing bytes give an error matching
// [sealstream.ErrCorrupt] that names the field. Empty metadata decodes to
// nil. What it allocates is bounded by a small multiple of len(b).
func DecodeMetadata(b []byte) (map[string]string, error) {
	d := decoder{what: "metadata", b: b}
	m := d.metadata()
	if d.err == nil && len(d.b) != 0 {
		d.failf("%d trailing bytes", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// metadata reads canonical metadata bytes. A first pass checks every entry
// without allocating; only input that holds valid metadata then pays for a
// map, sized by a count the input has shown it holds.
func (d *decoder) metadata() map[string]string {
	n := d.uvarint("metadata count")
	switch {
	case d.err != nil || n == 0:
		return nil
	case n > MaxMetadataEntries:
		d.failf("metadata count %d is over the %d limit", n, MaxMetadataEntries)
		return nil
	case n > uint64(len(d.b)/2): // each entry holds at least two length prefixes
		d.failf("metadata count %d is more than %d bytes can hold", n, len(d.b))
		return nil
	}
	start, size := d.b, 0
	var prev []byte
	for i := range n {
		k := d.field("metadata key", MaxMetadataLen)
		v := d.field("metadata value", MaxMetadataLen)
		switch {
		case d.err != nil:
			return nil
		case i > 0 && bytes.Compare(k, prev) <= 0:
			d.failf("metadata key %d repeated or out of order", i)
			return nil
		}
		if size += len(k) + len(v); size > MaxMetadataLen {
			d.failf("metadata of over %d bytes", MaxMetadataLen)
			return nil
		}
		prev = k
	}
	return buildMetadata(start[:len(start)-len(d.b)], int(n), size)
}

// buildMetadata makes the map of n entries held in the checked bytes b,
// with one allocation for all the keys and values (size bytes).
func buildMetadata(b []byte, n, size int) map[string]string {
	var sb strings.Builder
	sb.Grow(size)
	d := decoder{b: b}
	for range 2 * n {
		sb.Write(d.field("", MaxMetadataLen))
	}
	all, d := sb.String(), decoder{b: b}
	m := make(map[string]string, n)
	for range n {
		kl, vl := len(d.field("", MaxMetadataLen)), len(d.field("", MaxMetadataLen))
		m[all[:kl]] = all[kl : kl+vl]
		all = all[kl+vl:]
	}
	return m
}
