package file

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// torn is a tail of a stream file that holds no complete batch and that
// a crash in the middle of an append can leave: an incomplete final line
// (no newline), or the good lines of a batch whose markers announce more
// records, possibly followed by one incomplete line or by one complete
// but bad line after which the batch still misses records. Under the
// writer lock it is cut; a reader without the lock takes it for an
// append still being written.
type torn struct {
	off    int64 // end of the last complete batch
	size   int64 // file size when scanned
	reason string
}

// index checks the lines in [s.end, size) and extends the index with the
// records of the complete batches among them. It returns the torn tail, if
// any, and an error matching ErrCorrupt for any other damage, leaving the
// index as it was: a complete line that fails its checksum is damage, not
// a torn write, unless its batch still misses records after it. The scan
// checks ctx as it goes and gives up with ctx's error, leaving the index
// as it was too. It must be called with s.mu held.
func (s *stream) index(ctx context.Context, size int64) (*torn, error) {
	n0 := len(s.offs)
	next := s.head() + 1 // version of the next good line
	done := n0           // records in complete batches
	start := int64(-1)   // first line of an unfinished batch
	left := uint64(0)    // lines that batch still announces
	bad, badWhy := int64(-1), ""
	lastOff, lastLen := int64(0), 0
	end, err := scanLines(ctx, s.f, s.end, size, s.codec.max, func(off int64, line []byte) error {
		if bad >= 0 {
			return s.corrupt(next, bad, badWhy+", followed by another line")
		}
		v, more, e := s.codec.check(line)
		switch {
		case e != nil && start >= 0 && left > 1:
			// Records are missing after this line: an unfinished batch.
			bad, badWhy = off, fmt.Sprintf("damaged line: %s at byte %d", e.what, e.at)
			return nil
		case e != nil:
			return s.corrupt(next, off, fmt.Sprintf("complete line damaged: %s at byte %d", e.what, e.at))
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
	if err == nil && bad >= 0 && end < size {
		err = s.corrupt(next, bad, badWhy+", followed by an incomplete line")
	}
	s.offs = s.offs[:done]
	if err == nil && done > n0 {
		err = s.readLast(lastOff, lastLen)
	}
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		err = fmt.Errorf("file: stream %q: indexing stopped at offset %d: %w", s.id, end, err)
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
	return tornTail(start, bad, end, size, s.base+uint64(done), left, badWhy), nil
}

// tornTail describes what follows the last complete batch, if anything:
// an unfinished batch starting at start, then maybe a bad line at bad or
// an incomplete line at end; or else an incomplete line at end.
func tornTail(start, bad, end, size int64, done, left uint64, badWhy string) *torn {
	switch {
	case start >= 0:
		why := fmt.Sprintf("batch from record %d unfinished, %d more records announced", done+1, left)
		if bad >= 0 {
			why += ", then a " + badWhy
		} else if end < size {
			why += ", then an incomplete line"
		}
		return &torn{off: start, size: size, reason: why}
	case end < size:
		return &torn{off: end, size: size, reason: "incomplete line"}
	}
	return nil
}

// readLast decodes the line at off in full and makes it the head record.
func (s *stream) readLast(off int64, n int) error {
	line := make([]byte, n)
	if _, err := s.f.ReadAt(line, off); err != nil {
		return err
	}
	var rec codec.Record
	if _, e := s.codec.decode(line, &rec); e != nil {
		return s.corrupt(s.head(), off, fmt.Sprintf("%s at byte %d", e.what, e.at))
	}
	s.last = rec
	return nil
}
