package file

import (
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// torn is a tail of a stream file that holds no complete batch: the lines
// of a batch whose last line is missing, then at most one line's worth of
// bytes that are no good line (a line cut short or failing its checksum).
// It is what a crash in the middle of an append leaves. Under the writer
// lock it is cut; a reader without the lock takes it for an append still
// being written.
type torn struct {
	off    int64 // end of the last complete batch
	size   int64 // file size when scanned
	reason string
}

// index checks the lines in [s.end, size) and extends the index with the
// records of the complete batches among them. It returns the torn tail, if
// any, and an error matching ErrCorrupt for any other damage, leaving the
// index as it was. It must be called with s.mu held.
func (s *stream) index(size int64) (*torn, error) {
	n0 := len(s.offs)
	next := uint64(n0) + 1 // version of the next good line
	done := n0             // records in complete batches
	start := int64(-1)     // first line of an unfinished batch
	left := uint64(0)      // lines that batch still announces
	bad, badWhy := int64(-1), ""
	lastOff, lastLen := int64(0), 0
	end, err := scanLines(s.f, s.end, size, s.codec.max, func(off int64, line []byte) error {
		v, more, e := s.codec.check(line)
		switch {
		case e != nil && bad < 0:
			bad, badWhy = off, fmt.Sprintf("%s at byte %d", e.what, e.at)
			return nil
		case e != nil:
			return nil
		case bad >= 0:
			return s.corrupt(next, bad, badWhy+", followed by a good line")
		case v != next:
			return s.corrupt(next, off, fmt.Sprintf("found version %d", v))
		case start >= 0 && more != left-1:
			return s.corrupt(next, off, fmt.Sprintf("batch marker %d, want %d", more, left-1))
		}
		if start < 0 {
			start = off
		}
		s.offs = append(s.offs, off)
		next, left = next+1, more
		if more == 0 {
			done, start, lastOff, lastLen = len(s.offs), -1, off, len(line)
		}
		return nil
	})
	if err == nil && bad >= 0 && size-bad > int64(s.codec.max)+1 {
		err = s.corrupt(next, bad, badWhy+", followed by more than a line of bytes")
	}
	s.offs = s.offs[:done]
	if err == nil && done > n0 {
		err = s.readLast(lastOff, lastLen)
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
	if done > n0 {
		s.end = lastOff + int64(lastLen) + 1
		s.signal.Notify() // whoever indexed them, watchers must wake
	}
	return tornTail(start, bad, end, size, done, left, badWhy), nil
}

// tornTail describes what follows the last complete batch, if anything:
// an unfinished batch starting at start, a bad line at bad, or an
// incomplete line at end.
func tornTail(start, bad, end, size int64, done int, left uint64, badWhy string) *torn {
	why, off := "", int64(-1)
	switch {
	case bad >= 0:
		why, off = badWhy, bad
	case end < size:
		why, off = "incomplete line", end
	}
	if start >= 0 {
		unfinished := fmt.Sprintf("batch from record %d unfinished, %d more records announced", done+1, left)
		if why != "" {
			unfinished += ", then " + why
		}
		return &torn{off: start, size: size, reason: unfinished}
	}
	if off < 0 {
		return nil
	}
	return &torn{off: off, size: size, reason: why}
}

// readLast decodes the line at off in full and makes it the head record.
func (s *stream) readLast(off int64, n int) error {
	line := make([]byte, n)
	if _, err := s.f.ReadAt(line, off); err != nil {
		return err
	}
	var rec codec.Record
	if _, e := s.codec.decode(line, &rec); e != nil {
		return s.corrupt(uint64(len(s.offs)), off, fmt.Sprintf("%s at byte %d", e.what, e.at))
	}
	s.last = rec
	return nil
}
