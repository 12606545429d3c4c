package file

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
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
// is found and none is running in this adapter, unless Close began: one
// started after Close waited for the adapter's goroutines would outlive it.
func (a *Adapter) reconcileIfDead() {
	dead, err := a.deadMarkers()
	a.releaseMarkers(dead, false)
	if err != nil || len(dead) == 0 {
		return
	}
	a.feed.mu.Lock()
	defer a.feed.mu.Unlock()
	if a.feed.ctx.Err() != nil || !a.feed.reconciling.CompareAndSwap(false, true) {
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

// stopFeed cancels a reconcile in progress and keeps any other from
// starting; Close then waits for it.
func (a *Adapter) stopFeed() {
	a.feed.mu.Lock()
	defer a.feed.mu.Unlock()
	a.feed.stop()
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
		ids, err = a.feedStreams(ctx)
	}
	for _, id := range ids {
		if err != nil {
			break
		}
		off, err = a.reconcileStream(ctx, id, fed, off)
	}
	if err == nil {
		err = a.syncFeed(a.feed.f)
	}
	a.releaseMarkers(dead, err == nil)
	if err != nil {
		return fmt.Errorf("file: reconcile change feed: %w", err)
	}
	return nil
}

// reconcileStream adds the changes the feed lacks for stream id, if any,
// under the stream's writer lock, first reading the changes added to the
// feed from offset off on. A stream no append can reach (damaged, erased
// meanwhile) is left alone; one held back by what may pass fails the
// reconcile, for the next to try again (see fatal). It never creates the
// stream's file: an Erase may have just removed it.
func (a *Adapter) reconcileStream(ctx context.Context, id string, fed map[string]feedline.Cover, off int64) (int64, error) {
	l, err := a.openLog(ctx, id, false)
	if err != nil {
		return off, a.fatal(ctx, err)
	}
	defer l.Close()
	s := l.(*log).s
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writable(); err != nil {
		return off, a.fatal(ctx, err)
	}
	if err := s.lock(ctx); err != nil {
		return off, a.fatal(ctx, err)
	}
	defer s.unlock()
	if off, err = a.scanFed(ctx, off, fed); err != nil {
		return off, err
	}
	s.mu.Lock()
	rec, err := s.settle(ctx)
	head, poisoned := s.head(), s.poison != nil
	s.mu.Unlock()
	if poisoned {
		a.detach(s) // the next Open starts afresh, as after a failed append
	}
	if rec.File != "" {
		s.a.report([]Recovery{rec})
	}
	if err == nil {
		for _, h := range fed[id].Holes(head) {
			a.feedWrite(id, h.From, h.To)
			fed[id] = fed[id].Add(h.From, h.To)
		}
	}
	return off, a.fatal(ctx, err)
}

// fatal keeps the errors that stop a reconcile, leaving its dead markers
// for the next one: ctx ending, Close of the adapter, and what may pass (a
// shortage of descriptors, memory or space, a poisoned handle). Any other
// means no append of the stream can succeed as things are (damaged,
// erased meanwhile, which is an error matching ErrClosed too): the stream
// is skipped, so that it cannot hold back the feed for good.
func (a *Adapter) fatal(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sealstream.ErrClosed) && a.closed.Load(), errors.Is(err, ErrPoisoned):
		return err
	}
	for _, short := range []syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOMEM,
		syscall.ENOSPC, syscall.EDQUOT, syscall.EAGAIN, syscall.EINTR, syscall.ENOLCK} {
		if errors.Is(err, short) {
			return err
		}
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
