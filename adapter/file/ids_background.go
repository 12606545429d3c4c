package file

import (
	"context"
	"errors"
	"time"

	"github.com/sealstream/sealstream/internal/idtable"
)

// syncTable syncs the table in the background, holding no lock on it
// while the file is fsynced.
func (s *stream) syncTable() {
	defer s.ids.syncing.Store(false)
	s.ids.synced.Store(time.Now().UnixNano())
	s.ids.mu.RLock()
	t := s.ids.t
	var p *idtable.PendingSync
	err := errNoTable
	if t != nil {
		p, err = t.StartSync()
	}
	s.ids.mu.RUnlock()
	if p != nil {
		defer p.Close()
	}
	if err != nil || p.Flush() != nil {
		return
	}
	s.ids.mu.RLock()
	if s.ids.t == t {
		err = t.EndSync(p)
	}
	s.ids.mu.RUnlock()
	if err == nil {
		_ = p.Flush() // the synced mark
	}
}

// background runs f on a goroutine that Close waits for, unless the
// stream is closing; it reports whether f will run.
func (s *stream) background(f func()) bool {
	s.ids.bgMu.Lock()
	defer s.ids.bgMu.Unlock()
	if s.ids.stopped {
		return false
	}
	s.ids.wg.Go(f)
	return true
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
// The caller has stopped background work (stopBackground).
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

// stopBackground stops new background work on the table and waits for
// what runs: a catch-up stops at its next chunk.
func (s *stream) stopBackground() {
	s.ids.bgMu.Lock()
	s.ids.stopped = true
	s.ids.bgMu.Unlock()
	s.ids.wg.Wait()
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
