package file

import (
	"context"
	"errors"
	"io/fs"
	"time"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/idtable"
)

// idChunk bounds the records one step of a catch-up adds to the table
// under the writer lock.
const idChunk = 4096

// errFarBehind is a table further behind than a caller would catch up.
var errFarBehind = errors.New("file: event ID table far behind")

// syncEvery is how often an appending process syncs the table. A killed
// process loses no slot (they are in the page cache at once); after a
// machine crash the table falls back to the mark of its last sync (by the
// first append after each syncEvery, in the background, and at close),
// and the records after it are added again. An absent ID is trusted:
// damage to the slots can make an ID look new, and an append with it then
// stores it once more, as an index page SQLite does not checksum could.
var syncEvery = 30 * time.Second

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
		err = s.addIDs(es)
	}
	if errors.Is(err, errFarBehind) && s.ids.running.CompareAndSwap(false, true) {
		if !s.background(func() {
			defer s.ids.running.Store(false)
			s.catchUpInBackground(closingContext{s.closing})
		}) {
			s.ids.running.Store(false)
		}
	}
	due := time.Now().UnixNano()-s.ids.synced.Load() > int64(syncEvery)
	if due && s.ids.syncing.CompareAndSwap(false, true) && !s.background(s.syncTable) {
		s.ids.syncing.Store(false)
	}
}

// addIDs adds es to the open table; a table that fails is dropped.
func (s *stream) addIDs(es []idtable.Entry) error {
	s.ids.mu.RLock()
	t := s.ids.t
	err := errNoTable
	if t != nil {
		err = t.Add(es)
	}
	s.ids.mu.RUnlock()
	if t != nil && err != nil {
		s.dropTable(t, err)
	}
	return err
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
	if s.ids.t != t {
		s.ids.mu.RUnlock()
		return errNoTable
	}
	m, err := t.Mark()
	s.ids.mu.RUnlock()
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
	if err := s.addIDs(es); err != nil {
		return errors.Join(err, errNoTable)
	}
	if m.Version+uint64(len(es)) < upTo {
		return errFarBehind
	}
	return nil
}

// tableLocked returns the table this process has open, or opens it and
// checks that the log holds its mark, or else makes a new one in place of
// a file missing, damaged, of another stream or ahead of the log, or of
// one that failed. The caller holds the writer lock.
func (s *stream) tableLocked(ctx context.Context) (*idtable.Table, error) {
	if s.ids.none.Load() {
		return nil, errors.ErrUnsupported
	}
	s.ids.mu.RLock()
	if t := s.ids.t; t != nil && t.Current() {
		if _, err := t.Mark(); err == nil {
			s.ids.mu.RUnlock()
			return t, nil
		}
	}
	s.ids.mu.RUnlock()
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if t := s.ids.t; t != nil {
		if _, err := t.Mark(); err == nil && t.Current() {
			return t, nil
		}
		_ = t.Close()
		s.ids.t = nil
	}
	name := s.name + idsSuffix
	var t *idtable.Table
	var err error
	if !s.ids.recreate {
		t, err = idtable.Open(s.a.fs.root, name, s.id)
		if err == nil {
			var ok bool
			if ok, err = s.markHolds(ctx, t); !ok || err != nil {
				_ = t.Close()
				t = nil
			}
		}
	}
	switch {
	case t != nil:
	case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, idtable.ErrInvalid):
		if errors.Is(err, errors.ErrUnsupported) {
			s.ids.none.Store(true)
			return nil, err
		}
		return nil, s.ioErr("event ID table", err) // EMFILE, EIO, a log read: the table may be fine
	default: // missing, damaged, foreign, ahead of the log, or failed
		if t, err = idtable.Create(s.a.fs.root, name, s.id); err != nil {
			return nil, s.ioErr("event ID table", err)
		}
	}
	s.ids.t, s.ids.recreate = t, false
	s.ids.synced.Store(time.Now().UnixNano())
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
	return err == nil && id != "" && t.Check(id) == m.Check, err
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
