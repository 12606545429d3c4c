package file

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"

	"github.com/sealstream/sealstream/codec"
)

// loadSidecar starts the index from the offset sidecar if it checks out
// against the stream file: its header is whole, of this format and this
// stream, and line N is where entry N-1 says, ends at E, has the checksum
// the header names, and decodes as version N ending its batch. The index
// then covers N records with none of their offsets in memory, and the
// file is indexed from E. Otherwise the index starts empty, and doubt
// reports whether a sidecar was there but unusable, so that Open writes
// it again. Its only error is running out of descriptors. It must be
// called with s.mu held, after readHeader.
func (s *stream) loadSidecar() (doubt bool, err error) {
	if s.a.opts.IndexEvery < 0 {
		return false, nil
	}
	f, err := s.openSide(false)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case errors.Is(err, errSidecar):
		return true, nil
	case err != nil:
		return false, err
	}
	defer f.Close()
	b := make([]byte, sideHeader)
	n, _ := f.ReadAt(b, 0)
	if n == 0 {
		return false, nil // an empty sidecar is none
	}
	h, ok := s.decodeSide(b[:n])
	if !ok {
		return true, nil
	}
	rec, ok := s.checkSideLine(f, h)
	if !ok {
		return true, nil
	}
	s.base, s.offs, s.end, s.last = h.n, nil, int64(h.e), rec
	return false, nil
}

// checkSideLine reads entry N-1 of the sidecar f and checks line N of the
// stream file against it and the header h, returning the record of line N.
func (s *stream) checkSideLine(f *os.File, h sideHead) (codec.Record, bool) {
	fi, err := s.f.Stat()
	if err != nil || h.e > uint64(fi.Size()) || h.e <= uint64(s.body) {
		return codec.Record{}, false
	}
	var eb [8]byte
	if _, err := f.ReadAt(eb[:], entryAt(h.n)); err != nil {
		return codec.Record{}, false
	}
	off := binary.LittleEndian.Uint64(eb[:])
	if off < uint64(s.body) || off >= h.e || h.e-off > uint64(s.codec.max)+1 {
		return codec.Record{}, false
	}
	line := make([]byte, h.e-off)
	if _, err := s.f.ReadAt(line, int64(off)); err != nil {
		return codec.Record{}, false
	}
	n := len(line) - 1
	if line[n] != '\n' || crc32.Checksum(line[:n], castagnoli) != h.lineCRC {
		return codec.Record{}, false
	}
	var rec codec.Record
	more, e := s.codec.decode(line[:n], &rec)
	if e != nil || more != 0 || rec.Version != h.n {
		return codec.Record{}, false
	}
	return rec, true
}
