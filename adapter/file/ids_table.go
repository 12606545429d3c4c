package file

import (
	"context"
	"errors"
	"time"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/idtable"
)

// idChunk bounds the records one step of a catch-up adds to the table
// under the writer lock.
const idChunk = 4096

// errFarBehind is a table further behind than a caller would catch up.
var errFarBehind = errors.New("file: event ID table far behind")

// tableAppended adds recs, just appended after version expect, to the
// table, first adding the records before them that it lacks if they are
// at most idSlack. A table further behind is brought up to date in the
// background. A failure leaves the table behind, never the append. The
// caller holds the writer lock.
func (s *stream) tableAppended(ctx context.Context, expect uint64, recs []codec.Record) {
	err := s.catchUpIDs(ctx, expect, idSlack)
	if err == nil {
		es := make([]idtable.Entry, len(recs))
		for i := range recs {
			es[i] = idtable.Entry{ID: recs[i].ID, Version: recs[i].Version}
		}
		s.ids.mu.RLock()
		if s.ids.t != nil {
			err = s.ids.t.Add(es)
		}
		s.ids.mu.RUnlock()
	}
	if errors.Is(err, errFarBehind) && s.ids.running.CompareAndSwap(false, true) {
		s.ids.wg.Go(func() {
			defer s.ids.running.Store(false)
			s.catchUpInBackground(closingContext{s.closing})
		})
	}
}

// catchUpIDs opens the table if this process has none open, checking it
// against the log, and adds the records after its mark up to version
// upTo, at most most of them (errFarBehind if more are missing). The
// caller holds the writer lock.
func (s *stream) catchUpIDs(ctx context.Context, upTo uint64, most uint64) error {
	t, err := s.tableLocked(ctx)
	if err != nil {
		return err
	}
	s.ids.mu.RLock()
	defer s.ids.mu.RUnlock()
	if s.ids.t != t {
		return errNoTable
	}
	m, err := t.Mark()
	if err != nil || m.Version >= upTo {
		return err
	}
	es := make([]idtable.Entry, 0, min(upTo-m.Version, most))
	for r, err := range (&log{s: s}).Read(ctx, m.Version+1) {
		if err != nil {
			return err
		}
		if r.Version > upTo || len(es) == cap(es) {
			break
		}
		es = append(es, idtable.Entry{ID: r.ID, Version: r.Version})
	}
	if err := t.Add(es); err != nil {
		return err
	}
	if m.Version+uint64(len(es)) < upTo {
		return errFarBehind
	}
	return nil
}

// tableLocked returns the table this process has open, or opens it and
// checks that the log holds its mark, or else makes a new one in place of
// a file missing, damaged, of another stream or ahead of the log. The
// caller holds the writer lock.
func (s *stream) tableLocked(ctx context.Context) (*idtable.Table, error) {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if t := s.ids.t; t != nil {
		if _, err := t.Mark(); err == nil {
			return t, nil
		}
		_ = t.Close()
		s.ids.t = nil
	}
	name := s.name + idsSuffix
	t, err := idtable.Open(s.a.fs.root, name, s.id)
	if err == nil {
		var ok bool
		if ok, err = s.markHolds(ctx, t); !ok || err != nil {
			_ = t.Close()
			if err != nil {
				return nil, err
			}
			t = nil
		}
	}
	if t == nil {
		if errors.Is(err, errors.ErrUnsupported) {
			return nil, err
		}
		if t, err = idtable.Create(s.a.fs.root, name, s.id); err != nil {
			return nil, s.ioErr("event ID table", err)
		}
	}
	s.ids.t = t
	return t, nil
}

// markHolds reports whether the log holds t's mark: a record at its
// version whose event ID has its hash.
func (s *stream) markHolds(ctx context.Context, t *idtable.Table) (bool, error) {
	m, err := t.Mark()
	if err != nil || m.Version == 0 {
		return err == nil, nil
	}
	id, err := s.idAt(ctx, m.Version)
	return err == nil && id != "" && t.Hash(id) == m.Check, err
}

// withWriterLock runs f holding the writer lock.
func (s *stream) withWriterLock(ctx context.Context, f func() error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	return f()
}

// catchUpInBackground brings the table up to the log's head a chunk at a
// time, resting between chunks as long as each took, so that it takes at
// most half a core from the appends and reads going on. Errors are left
// for the next Find to meet and report.
func (s *stream) catchUpInBackground(ctx context.Context) {
	for ctx.Err() == nil {
		start := time.Now()
		hd, err := (&log{s: s}).Head(ctx)
		if err == nil {
			err = s.withWriterLock(ctx, func() error { return s.catchUpIDs(ctx, hd.Version, idChunk) })
		}
		if !errors.Is(err, errFarBehind) {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Since(start)):
		}
	}
}

// closeTable syncs the table, if the writer lock is free, and closes it.
func (s *stream) closeTable() {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if t := s.ids.t; t != nil {
		if s.lockf != nil && !s.erased.Load() && s.tryWriterLock() {
			_ = t.Sync()
			s.unlock()
		}
		_ = t.Close()
		s.ids.t = nil
	}
}

// closingContext is done once the stream starts closing.
type closingContext struct{ done <-chan struct{} }

func (c closingContext) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c closingContext) Done() <-chan struct{}       { return c.done }
func (c closingContext) Value(any) any               { return nil }
func (c closingContext) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}
