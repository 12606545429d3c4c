package file

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// offsets gives the line offsets of a snapshot of a stream's index: from
// the sidecar, read sideChunk entries at a time, for versions up to base,
// and from memory after. Read uses one and closes it.
type offsets struct {
	s        *stream
	base     uint64
	mem      []int64 // offsets of versions base+1…
	end      int64   // offset just past the last line
	rebuilds uint64  // s.rebuilds when the snapshot was taken

	f     *os.File // the sidecar, opened at the first need
	buf   []byte
	chunk []int64 // entries of versions lo…
	lo    uint64
	size  uint64 // entries to read next time: 64, doubling up to sideChunk
}

// snapshot takes the index of s as it is now.
func (s *stream) snapshot() *offsets {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return &offsets{s: s, base: s.base, mem: s.offs[:len(s.offs):len(s.offs)], end: s.end, rebuilds: s.rebuilds}
}

func (o *offsets) head() uint64 { return o.base + uint64(len(o.mem)) }

// baseEnd is the offset just past line base: where the sidecar's lines end.
func (o *offsets) baseEnd() int64 {
	if len(o.mem) > 0 {
		return o.mem[0]
	}
	return o.end
}

// at returns the offset of the line of version v, 1 <= v <= head+1 (for
// head+1, the end of the last line). An entry of the sidecar that cannot
// be read, or is out of order or out of place, gives a *sideDoubt.
func (o *offsets) at(v uint64) (int64, error) {
	switch {
	case v > o.head():
		return o.end, nil
	case v > o.base:
		return o.mem[v-o.base-1], nil
	case v < o.lo || v >= o.lo+uint64(len(o.chunk)):
		if err := o.load(v); err != nil {
			return 0, err
		}
	}
	return o.chunk[v-o.lo], nil
}

// load reads the entries of versions v… from the sidecar, no further than
// base, 64 of them the first time and twice as many each time after, up
// to sideChunk (a Read that stops early reads little), and checks they
// increase and point inside the lines the sidecar covers.
func (o *offsets) load(v uint64) error {
	o.chunk = o.chunk[:0]
	if o.f == nil {
		f, err := o.s.openSide(false)
		if err != nil && !errors.Is(err, errSidecar) && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err != nil {
			return &sideDoubt{v: v, why: "sidecar missing"}
		}
		o.f = f
	}
	o.size = min(max(2*o.size, 64), sideChunk)
	n := min(o.size, o.base-v+1)
	if cap(o.buf) < int(8*n) {
		o.buf = make([]byte, 8*n)
	}
	b := o.buf[:8*n]
	if _, err := o.f.ReadAt(b, entryAt(v)); err != nil {
		return &sideDoubt{v: v, why: fmt.Sprintf("reading entries: %v", err)}
	}
	prev, limit := o.s.body-1, o.baseEnd()
	for i := range n {
		off := int64(binary.LittleEndian.Uint64(b[8*i:]))
		if off <= prev || off >= limit {
			return &sideDoubt{v: v + i, why: fmt.Sprintf("entry %d out of place", off)}
		}
		o.chunk, prev = append(o.chunk, off), off
	}
	o.lo = v
	return nil
}

func (o *offsets) close() {
	if o.f != nil {
		_ = o.f.Close()
		o.f = nil
	}
}

// sideDoubt is a sign that the sidecar is wrong about version v: one of
// its entries cannot be read or is out of place, or (line set) the line
// at its entry at off is not the line of version v.
type sideDoubt struct {
	v    uint64
	off  int64
	line bool
	why  string
}

func (d *sideDoubt) Error() string {
	return fmt.Sprintf("offset sidecar wrong about record %d: %s", d.v, d.why)
}
