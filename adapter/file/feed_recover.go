package file

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// markerCheckEvery is how often, at most, Changes looks for dead markers,
// so that a long-running consumer notices a writer that crashed.
const markerCheckEvery = time.Second

// checkMarkers looks for dead markers if it has not in markerCheckEvery.
func (a *Adapter) checkMarkers() {
	now := time.Now().UnixNano()
	last := a.feed.checked.Load()
	if now-last < int64(markerCheckEvery) || !a.feed.checked.CompareAndSwap(last, now) {
		return
	}
	a.reconcileIfDead()
}

// reconcileIfDead starts a reconcile in the background if a dead marker
// is found and none is running in this adapter.
func (a *Adapter) reconcileIfDead() {
	dead, err := a.deadMarkers()
	a.releaseMarkers(dead, false)
	if err != nil || len(dead) == 0 || !a.feed.reconciling.CompareAndSwap(false, true) {
		return
	}
	a.wg.Go(func() {
		defer a.feed.reconciling.Store(false)
		err := a.reconcile(a.feed.ctx)
		if a.opts.OnFeedError != nil && err != nil && a.feed.ctx.Err() == nil {
			a.opts.OnFeedError(err)
		}
	})
}

// reconcile brings the feed up to date with the stream files after a
// crash: under the feed's lock, it takes the dead markers, reads which
// versions the feed holds of each stream, then, stream by stream under its
// writer lock, adds a change for each range of versions it lacks (after a
// failed write, those may lie before versions it has). It removes the
// dead markers only once the feed is fsynced; if it fails or ctx ends,
// they stay for the next reconcile.
func (a *Adapter) reconcile(ctx context.Context) error {
	lf, err := a.fs.root.OpenFile(feedLock, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("file: reconcile change feed: %w", err)
	}
	defer lf.Close()
	if err := waitLock(ctx, lf); err != nil {
		return fmt.Errorf("file: reconcile change feed: %w", err)
	}
	defer unlock(lf)
	dead, err := a.deadMarkers()
	if err != nil || len(dead) == 0 {
		return err
	}
	fed := map[string]feedline.Cover{}
	off, err := a.scanFed(ctx, 0, fed)
	var ids []string
	if err == nil {
		err = a.list(ctx, "", func(id string, err error) bool { ids = append(ids, id); return true })
	}
	for _, id := range ids {
		if err != nil {
			break
		}
		off, err = a.reconcileStream(ctx, id, fed, off)
	}
	if err == nil {
		err = a.fs.sync(a.feed.f, feedName)
	}
	a.releaseMarkers(dead, err == nil)
	if err != nil {
		return fmt.Errorf("file: reconcile change feed: %w", err)
	}
	return nil
}

// reconcileStream adds the changes the feed lacks for stream id, if any,
// under the stream's writer lock, first reading the changes added to the
// feed from offset off on. A stream that cannot be opened (damaged,
// poisoned, erased meanwhile) is left alone: no append of it can succeed.
func (a *Adapter) reconcileStream(ctx context.Context, id string, fed map[string]feedline.Cover, off int64) (int64, error) {
	name, err := fileName(id)
	if err != nil {
		return off, nil
	}
	if _, err := a.fs.root.Lstat(name); errors.Is(err, fs.ErrNotExist) {
		return off, nil
	}
	l, err := a.Open(ctx, id)
	if err != nil {
		return off, fatal(ctx, err)
	}
	defer l.Close()
	s := l.(*log).s
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writable(); err != nil {
		return off, nil
	}
	if err := s.lock(ctx); err != nil {
		return off, fatal(ctx, err)
	}
	defer s.unlock()
	if off, err = a.scanFed(ctx, off, fed); err != nil {
		return off, err
	}
	s.mu.Lock()
	rec, err := s.settle(ctx)
	head := s.head()
	s.mu.Unlock()
	if rec.File != "" {
		s.a.report([]Recovery{rec})
	}
	if err == nil {
		for _, h := range fed[id].Holes(head) {
			a.feedWrite(id, h.From, h.To)
			fed[id] = fed[id].Add(h.From, h.To)
		}
	}
	return off, fatal(ctx, err)
}

// fatal keeps the errors that stop a reconcile: ctx ending and Close.
func fatal(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, sealstream.ErrClosed) {
		return err
	}
	return nil
}

// scanFed reads the feed from off, noting the last version of each
// stream, and returns where it got to.
func (a *Adapter) scanFed(ctx context.Context, off int64, fed map[string]feedline.Cover) (int64, error) {
	fi, err := a.feed.f.Stat()
	if err != nil {
		return off, err
	}
	return feedline.Scan(ctx, a.feed.f, off, fi.Size(), func(e feedline.Entry, k feedline.Kind, _ int64) bool {
		if k == feedline.Change {
			fed[e.ID] = fed[e.ID].Add(e.From, e.To)
		}
		return true
	})
}

// waitLock takes the lock on f, polling, until ctx ends.
func waitLock(ctx context.Context, f *os.File) error {
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := tryLock(f)
		if ok || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}
