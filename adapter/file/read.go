package file

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/sealstream/sealstream/codec"
)

// Read yields the records from version from (1 if from is 0) up to the
// head as of the call, after indexing what other processes appended. It
// streams lines from their indexed offsets, holding at most one buffer and
// one line in memory, and decodes each in full: a line that no longer
// decodes gives an error matching [sealstream.ErrCorrupt] naming the
// stream, version and offset. It checks ctx while it indexes, before the
// first record and then at least every 256 records or 1 MiB of lines, and
// yields ctx's error once ctx is done.
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		s, err := l.live("read")
		if err == nil {
			err = s.catchUp(ctx)
		}
		if err != nil {
			yield(codec.Record{}, err)
			return
		}
		s.mu.RLock()
		offs, end := s.offs[:len(s.offs):len(s.offs)], s.end
		s.mu.RUnlock()
		from = max(from, 1)
		if from > uint64(len(offs)) {
			return
		}
		start := offs[from-1]
		br := bufio.NewReaderSize(io.NewSectionReader(s.f, start, end-start), int(min(max(end-start, 4<<10), 256<<10)))
		var big []byte
		unchecked := 0 // bytes read since ctx was last checked
		for v := from; v <= uint64(len(offs)); v++ {
			if (v-from)%256 == 0 || unchecked >= 1<<20 {
				if err := ctx.Err(); err != nil {
					yield(codec.Record{}, err)
					return
				}
				unchecked = 0
			}
			off, next := offs[v-1], end
			if v < uint64(len(offs)) {
				next = offs[v]
			}
			n := int(next - off)
			unchecked += n
			var line []byte
			if n <= br.Size() {
				line, err = br.Peek(n)
			} else {
				big = append(big[:0], make([]byte, n)...)
				_, err = io.ReadFull(br, big)
				line = big
			}
			if err != nil {
				yield(codec.Record{}, s.ioErr(fmt.Sprintf("read record %d at offset %d", v, off), err))
				return
			}
			var rec codec.Record
			if why := s.decodeAt(line, v, &rec); why != "" {
				yield(codec.Record{}, s.corrupt(v, off, why))
				return
			}
			if n <= br.Size() {
				_, _ = br.Discard(n)
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// decodeAt decodes an indexed line, newline included, expected to hold
// version v, and says what is wrong with it if anything.
func (s *stream) decodeAt(line []byte, v uint64, rec *codec.Record) string {
	n := len(line)
	if line[n-1] != '\n' {
		return "line changed since it was indexed"
	}
	if _, e := s.codec.decode(line[:n-1], rec); e != nil {
		return fmt.Sprintf("%s at byte %d", e.what, e.at)
	}
	if rec.Version != v {
		return fmt.Sprintf("found version %d", rec.Version)
	}
	return ""
}
