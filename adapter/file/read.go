package file

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// Read yields the records from version from (1 if from is 0) up to the
// head as of the call, after indexing what other processes appended. It
// seeks to the line of version from, through the offset sidecar for the
// versions it covers, then streams lines, holding at most one buffer and
// one line in memory, and checks each as Open checks the lines it
// indexes: a line that no longer decodes in full, or whose batch marker
// is out of step with the line before, gives an error matching
// [sealstream.ErrCorrupt] naming the stream, version and offset. A
// sidecar entry that proves wrong (the line at it is not the line it
// names) is not taken for damage: the whole file is indexed again, which
// reports real damage, the sidecar is rewritten and the read goes on. It
// checks ctx while it indexes, before the first record and then at least
// every 256 records or 1 MiB of lines, and yields ctx's error once ctx is
// done.
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return l.read(ctx, from, nil)
}

var _ adapter.ScratchReader = (*log)(nil)

// ReadScratch is Read with each record's Prev and Payload decoded into
// memory from alloc (see [adapter.ScratchReader]).
func (l *log) ReadScratch(ctx context.Context, from uint64, alloc func(n int) []byte) iter.Seq2[codec.Record, error] {
	return l.read(ctx, from, alloc)
}

func (l *log) read(ctx context.Context, from uint64, alloc func(int) []byte) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		s, err := l.live("read")
		if err == nil {
			err = s.catchUp(ctx)
		}
		if err != nil {
			yield(codec.Record{}, err)
			return
		}
		o := s.snapshot()
		v, until := max(from, 1), o.head()
		for tries := 0; ; tries++ {
			v, err = s.readRange(ctx, o, v, until, alloc, yield)
			o.close()
			var doubt *sideDoubt
			switch {
			case !errors.As(err, &doubt):
				if err != nil {
					yield(codec.Record{}, err)
				}
				return
			case tries > 0 && doubt.line:
				// The sidecar was rewritten from a scan that passed this
				// line: it is the line that is damaged.
				yield(codec.Record{}, s.corrupt(doubt.v, doubt.off, doubt.why))
				return
			case tries > 0:
				yield(codec.Record{}, fmt.Errorf("file: stream %q: read: %w", s.id, err))
				return
			}
			if err := s.rebuild(ctx, o.rebuilds); err != nil {
				yield(codec.Record{}, err)
				return
			}
			o = s.snapshot()
		}
	}
}

// readRange yields the records of versions from…until at the offsets o
// gives. It returns the version it stopped at and why: nil once done or
// when yield asked to stop, a *sideDoubt when the sidecar is in doubt.
func (s *stream) readRange(ctx context.Context, o *offsets, from, until uint64, alloc func(int) []byte, yield func(codec.Record, error) bool) (uint64, error) {
	if from > until {
		return from, nil
	}
	pos, err := o.at(from)
	if err != nil {
		return from, err
	}
	br := bufio.NewReaderSize(io.NewSectionReader(s.f, pos, o.end-pos), int(min(max(o.end-pos, 4<<10), 64<<10)))
	var big []byte
	unchecked := 0    // bytes read since ctx was last checked
	left := uint64(0) // records the batch of the previous line announced after it
	for v := from; v <= until; v++ {
		if (v-from)%256 == 0 || unchecked >= 1<<20 {
			if err := ctx.Err(); err != nil {
				return v, err
			}
			unchecked = 0
		}
		next, err := o.at(v + 1)
		if err != nil {
			return v, err
		}
		n := int(next - pos)
		if n <= 0 || n > s.codec.max+1 {
			return v, &sideDoubt{v: v, off: pos, why: fmt.Sprintf("line of %d bytes", n)}
		}
		unchecked += n
		var line []byte
		if n <= br.Size() {
			line, err = br.Peek(n)
		} else {
			big = append(big[:0], make([]byte, n)...)
			_, err = io.ReadFull(br, big)
			line = big
		}
		if err != nil && v <= o.base {
			return v, &sideDoubt{v: v, off: pos, why: err.Error()}
		}
		if err != nil {
			return v, s.ioErr(fmt.Sprintf("read record %d at offset %d", v, pos), err)
		}
		var rec codec.Record
		more, why := s.decodeAt(line, v, &rec, alloc)
		if why != "" && v <= o.base {
			return v, &sideDoubt{v: v, off: pos, line: true, why: why}
		}
		if why == "" && left > 0 && more != left-1 {
			why = fmt.Sprintf("batch marker %d, want %d", more, left-1)
		}
		if why != "" {
			return v, s.corrupt(v, pos, why)
		}
		left = more
		if n <= br.Size() {
			_, _ = br.Discard(n)
		}
		if !yield(rec, nil) {
			return v, nil
		}
		pos = next
	}
	return until + 1, nil
}

// decodeAt decodes an indexed line, newline included, expected to hold
// version v, and returns its batch marker, or says what is wrong with it.
func (s *stream) decodeAt(line []byte, v uint64, rec *codec.Record, alloc func(int) []byte) (uint64, string) {
	n := len(line)
	if line[n-1] != '\n' {
		return 0, "line changed since it was indexed"
	}
	more, e := s.codec.decodeInto(line[:n-1], rec, alloc)
	if e != nil {
		return 0, fmt.Sprintf("%s at byte %d", e.what, e.at)
	}
	if rec.Version != v {
		return 0, fmt.Sprintf("found version %d", rec.Version)
	}
	return more, ""
}
