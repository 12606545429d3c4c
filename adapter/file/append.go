package file

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Append writes recs as one batch after the record at version expect.
//
// Under the stream's writer lock (waiting for it, see the package doc) it
// first indexes what other processes appended, cutting a torn tail, so that
// expect is checked against the true head (if ctx ends meanwhile, it gives
// up with ctx's error, writing nothing); then it writes the batch with
// one write, each line carrying its batch marker, and fsyncs the file
// before returning. If the write or fsync fails, the batch is cut from the
// file again and the handle is poisoned: this and later appends fail with
// an error matching ErrPoisoned, and no fsync is ever retried (see the
// package doc for a cut that fails too). A record over the line limit
// gives an error matching [sealstream.ErrTooLarge]; a head other than
// expect one matching [sealstream.ErrConflict]; in both cases nothing is
// written. After Close it fails with [sealstream.ErrClosed].
func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s, err := l.live("append")
	if err != nil {
		return err
	}
	buf, starts, err := s.encode(expect, recs)
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	if err := s.lock(ctx); err != nil {
		return err
	}
	off, err := s.prepare(ctx, expect, len(recs) > 0)
	if err != nil || len(recs) == 0 {
		s.unlock()
		return err
	}
	err = s.a.fs.writeAt(s.f, s.name, buf, off)
	if err == nil {
		err = s.a.fs.sync(s.f, s.name)
	}
	if err != nil {
		return s.fail(expect, off, err)
	}
	s.mu.Lock()
	s.busy = false
	for _, st := range starts {
		s.offs = append(s.offs, off+st)
	}
	s.end = off + int64(len(buf))
	s.last = recs[len(recs)-1]
	if s.due() {
		_ = s.save(true) // a failure costs a longer scan at the next open, nothing more
	}
	s.mu.Unlock()
	s.a.feedWrite(s.id, expect+1, expect+uint64(len(recs)))
	s.tableAppended(ctx, expect, recs)
	s.unlock()
	s.signal.Notify()
	return nil
}

// prepare catches up under the writer lock, checks the head is expect and,
// if write is set, marks the stream busy and returns the offset to write at.
func (s *stream) prepare(ctx context.Context, expect uint64, write bool) (int64, error) {
	s.mu.Lock()
	rec, err := s.settle(ctx)
	if err == nil && s.head() != expect {
		err = fmt.Errorf("file: stream %q: append at version %d, head is %d: %w",
			s.id, expect, s.head(), sealstream.ErrConflict)
	}
	s.busy = err == nil && write
	off := s.end
	poisoned := s.poison != nil
	s.mu.Unlock()
	if poisoned {
		s.a.detach(s)
		return off, fmt.Errorf("%w; %w", err, ErrPoisoned)
	}
	if rec.File != "" {
		s.a.report([]Recovery{rec})
	}
	return off, err
}

// settle indexes what other processes appended and cuts a torn tail; the
// caller holds the writer lock and s.mu. A failed cut poisons the stream.
func (s *stream) settle(ctx context.Context) (Recovery, error) {
	t, err := s.indexSize(ctx)
	var rec Recovery
	if err == nil && t != nil {
		if rec, err = s.cut(t); err != nil {
			s.poison = err
		}
	}
	return rec, err
}

// encode checks the versions of recs and encodes them as one buffer,
// returning the offset of each line in it.
func (s *stream) encode(expect uint64, recs []codec.Record) ([]byte, []int64, error) {
	size := 0
	for i := range recs {
		size += 160 + recs[i].Size()*4/3
	}
	buf := make([]byte, 0, size)
	starts := make([]int64, len(recs))
	for i := range recs {
		if want := expect + uint64(i) + 1; recs[i].Version != want {
			return nil, nil, fmt.Errorf("file: stream %q: append: record %d has version %d, want %d: %w",
				s.id, i, recs[i].Version, want, sealstream.ErrIntegrity)
		}
		starts[i] = int64(len(buf))
		var err error
		if buf, err = s.codec.appendLine(buf, &recs[i], uint64(len(recs)-1-i)); err != nil {
			return nil, nil, fmt.Errorf("file: stream %q: append: %w", s.id, err)
		}
	}
	return buf, starts, nil
}
