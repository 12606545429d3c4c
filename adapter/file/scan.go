package file

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// errLineTooLong reports a line with no newline within the size limit.
var errLineTooLong = errors.New("line longer than the limit")

// scanLines calls fn with the offset and bytes (without newline) of each
// complete line in [from, size) of r, in order, and returns the offset
// just past the last complete line: bytes from there to size are an
// incomplete line. It never holds more than max+1 bytes of one line: a
// longer line stops the scan with errLineTooLong at that line's offset.
// An error from fn stops the scan; it is returned with the offset of the
// line fn refused.
func scanLines(r io.ReaderAt, from, size int64, max int, fn func(off int64, line []byte) error) (int64, error) {
	buf := make([]byte, min(64<<10, max+1, int(min(size-from, 1<<30))+1))
	off, n := from, 0 // buf[:n] holds the file bytes at [off, off+n)
	for {
		if want := min(int64(len(buf)-n), size-off-int64(n)); want > 0 {
			m, err := r.ReadAt(buf[n:n+int(want)], off+int64(n))
			n += m
			if err != nil && (!errors.Is(err, io.EOF) || m == 0) {
				if errors.Is(err, io.EOF) {
					size = off + int64(n) // the file shrank under us
				} else {
					return off, err
				}
			}
		}
		i := 0
		for {
			j := bytes.IndexByte(buf[i:n], '\n')
			if j < 0 {
				break
			}
			if j > max {
				return off + int64(i), errLineTooLong
			}
			if err := fn(off+int64(i), buf[i:i+j]); err != nil {
				return off + int64(i), err
			}
			i += j + 1
		}
		n = copy(buf, buf[i:n])
		off += int64(i)
		if n > max {
			return off, errLineTooLong
		}
		if off+int64(n) >= size {
			return off, nil
		}
		if n == len(buf) {
			grown := make([]byte, min(2*len(buf), max+1))
			copy(grown, buf[:n])
			buf = grown
		}
	}
}

// torn is a damaged tail found by index: bytes after the last good line
// that hold no good line and are no longer than one line can be. Under
// the writer lock it is cut; a reader without the lock takes it for a
// write in progress.
type torn struct {
	off    int64 // end of the last good line
	size   int64 // file size when scanned
	reason string
}

// index checks the lines in [s.end, size) and extends the index with
// them. It returns the torn tail, if any, and an error matching
// ErrCorrupt for any other damage, leaving the index as it was. It must be
// called with s.mu held.
func (s *stream) index(size int64) (*torn, error) {
	n0 := len(s.offs)
	next := uint64(n0) + 1
	bad, badWhy, lastLen := int64(-1), "", 0
	end, err := scanLines(s.f, s.end, size, s.codec.max, func(off int64, line []byte) error {
		v, e := s.codec.check(line)
		switch {
		case e != nil && bad < 0:
			bad, badWhy = off, fmt.Sprintf("%s at byte %d", e.what, e.at)
		case e != nil:
		case bad >= 0:
			return s.corrupt(next, bad, badWhy+", followed by a good line")
		case v != next:
			return s.corrupt(next, off, fmt.Sprintf("found version %d", v))
		default:
			s.offs = append(s.offs, off)
			lastLen = len(line)
			next++
		}
		return nil
	})
	if err == nil && bad >= 0 && size-bad > int64(s.codec.max)+1 {
		err = s.corrupt(next, bad, badWhy+", followed by more than a line of bytes")
	}
	if err == nil && len(s.offs) > n0 {
		err = s.readLast(s.offs[len(s.offs)-1], lastLen)
	}
	switch {
	case errors.Is(err, errLineTooLong):
		err = s.corrupt(next, end, fmt.Sprintf("no newline within %d bytes", s.codec.max+1))
	case err != nil && !errors.Is(err, sealstream.ErrCorrupt):
		err = s.ioErr("read", err)
	}
	if err != nil {
		s.offs = s.offs[:n0]
		return nil, err
	}
	if len(s.offs) > n0 {
		s.end = s.offs[len(s.offs)-1] + int64(lastLen) + 1
		s.signal.Notify() // whoever indexed them, watchers must wake
	}
	switch {
	case bad >= 0:
		return &torn{off: bad, size: size, reason: badWhy}, nil
	case end < size:
		return &torn{off: end, size: size, reason: "incomplete line"}, nil
	}
	return nil, nil
}

// readLast decodes the line at off in full and makes it the head record.
func (s *stream) readLast(off int64, n int) error {
	line := make([]byte, n)
	if _, err := s.f.ReadAt(line, off); err != nil {
		return err
	}
	var rec codec.Record
	if e := s.codec.decode(line, &rec); e != nil {
		return s.corrupt(uint64(len(s.offs)), off, fmt.Sprintf("%s at byte %d", e.what, e.at))
	}
	s.last = rec
	return nil
}
