package file

import (
	"context"
	"fmt"
	"iter"
	"os"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// The change feed's files in the adapter's directory (see the package doc,
// # Change feed). None can be a stream's: stream files end in ".jsonl".
const (
	feedName    = "changes.feed"      // the feed
	feedLock    = "changes.feed.lock" // held by the one reconciling the feed
	markerDir   = "changes.live"      // one locked marker per adapter writing the feed
	markerBytes = 8                   // random bytes in a marker's name
)

// Every stream ID the adapter takes fits a line of the feed (this fails to
// compile otherwise).
const _ = uint(feedline.MaxID - maxStreamID)

// feed is the adapter's side of the change feed: the file, opened to
// append and to read, the adapter's marker and the change signal.
type feed struct {
	f           *os.File // opened to append and to read (ReadAt)
	signal      adapter.Signal
	seen        int64              // size of the feed at the watcher's last look; the watcher's alone
	ctx         context.Context    // of background reconciles, canceled by Close
	stop        context.CancelFunc //
	reconciling atomic.Bool
	checked     atomic.Int64 // when Changes last looked for dead markers, in Unix nanoseconds
	synced      atomic.Int64 // size up to which the feed is known durable
	durable     atomic.Bool  // the marker is durable (see markerDurable)

	mu      sync.Mutex
	marker  *os.File // locked while this adapter writes; nil once the adapter is closed
	name    string   // the marker's file name in markerDir
	broken  bool     // a write failed: the marker was left dead for a reconcile
	created bool     // the adapter created the feed or markerDir, not yet made durable
}

// openFeed opens the feed and locks a new marker for the adapter, then
// reconciles the feed in the background if it finds a dead marker.
func (a *Adapter) openFeed() error {
	f := &a.feed
	err := a.fs.root.Mkdir(markerDir, 0o700)
	if err != nil && !os.IsExist(err) {
		return fmt.Errorf("file: open change feed: %w", err)
	}
	f.created = err == nil
	const flags = os.O_RDWR | os.O_APPEND | os.O_CREATE
	if f.f, err = a.fs.root.OpenFile(feedName, flags|os.O_EXCL, 0o600); os.IsExist(err) {
		f.f, err = a.fs.root.OpenFile(feedName, flags, 0o600)
	} else if err == nil {
		f.created = true
	}
	if err != nil {
		return fmt.Errorf("file: open change feed: %w", err)
	}
	if f.marker, f.name, err = a.newMarker(); err != nil {
		_ = f.f.Close()
		return fmt.Errorf("file: open change feed: %w", err)
	}
	f.ctx, f.stop = context.WithCancel(context.Background())
	a.reconcileIfDead()
	return nil
}

// feedWrite adds the change of a batch just made durable. The caller holds
// the stream's writer lock, so that the batches of a stream reach the feed
// in their order. A failed write loses no change: the adapter leaves its
// marker dead and takes a new one, and a reconcile adds what the feed
// lacks (see feed_recover.go).
func (a *Adapter) feedWrite(id string, from, to uint64) {
	line := feedline.Append(make([]byte, 0, 64+len(id)), feedline.Entry{ID: id, From: from, To: to})
	if err := a.markerDurable(); err != nil {
		a.feedBroken()
		return
	}
	if err := a.fs.writeAt(a.feed.f, feedName, line, -1); err != nil {
		a.feedBroken()
		return
	}
	a.feed.signal.Notify()
}

// closeFeed makes the feed durable and removes the adapter's marker,
// leaving it for a reconcile if the fsync fails.
func (a *Adapter) closeFeed() error {
	f := &a.feed
	err := a.syncFeed(f.f)
	f.mu.Lock()
	m, name, broken := f.marker, f.name, f.broken
	f.marker = nil
	f.mu.Unlock()
	if err == nil && m != nil && !broken {
		err = a.fs.root.Remove(markerDir + "/" + name)
	}
	for _, c := range []*os.File{m, f.f} {
		if c != nil {
			_ = c.Close()
		}
	}
	f.signal.Notify()
	if err != nil {
		return fmt.Errorf("file: close change feed: %w", err)
	}
	return nil
}

// Changes yields the changes after position since, up to the end of the
// feed as of the call. A position is the offset just past the change's
// line in "changes.feed"; a since that is not such an offset, or beyond
// the feed's end, is [sealstream.ErrInvalidArgument]. Damaged lines (torn
// by a crash, or changed on disk) are skipped: the reconcile after a crash
// adds the changes the feed lacks. It fsyncs the feed first if it grew
// since the adapter last knew it durable, so that no position it gives
// can be taken back by a machine crash and given again.
func (a *Adapter) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(sealstream.Change{}, err)
			return
		}
		if a.closed.Load() {
			yield(sealstream.Change{}, fmt.Errorf("file: changes: %w", sealstream.ErrClosed))
			return
		}
		a.checkMarkers()
		end, err := a.feedStart(since)
		if err != nil {
			yield(sealstream.Change{}, err)
			return
		}
		stopped := false
		_, err = feedline.Scan(ctx, a.feed.f, int64(since), end, func(e feedline.Entry, k feedline.Kind, next int64) bool {
			if k != feedline.Change {
				return true
			}
			stopped = !yield(sealstream.Change{Position: uint64(next), Stream: e.ID, From: e.From, To: e.To}, nil)
			return !stopped
		})
		if err != nil && !stopped {
			yield(sealstream.Change{}, closedOr("changes: read feed", err))
		}
	}
}

// feedStart checks since is a position of the feed and returns its size,
// up to which the feed is then durable.
func (a *Adapter) feedStart(since uint64) (int64, error) {
	end, err := a.feedDurable()
	if err != nil {
		return 0, closedOr("changes: fsync feed", err)
	}
	if since > uint64(end) {
		return 0, fmt.Errorf("file: changes after %d: the feed ends at %d: %w", since, end, sealstream.ErrInvalidArgument)
	}
	if since > 0 {
		var b [1]byte
		if _, err := a.feed.f.ReadAt(b[:], int64(since)-1); err != nil {
			return 0, closedOr("changes: read feed", err)
		}
		if b[0] != '\n' {
			return 0, fmt.Errorf("file: changes after %d: not a position of the feed: %w", since, sealstream.ErrInvalidArgument)
		}
	}
	return end, nil
}

// FeedChanged returns a channel closed after the next change to the feed:
// appends of this adapter, and of others seen through fsnotify or by the
// poll of the feed's size. Close closes it.
func (a *Adapter) FeedChanged() <-chan struct{} {
	if a.closed.Load() {
		return closedChan
	}
	return a.feed.signal.C()
}

func closedOr(op string, err error) error {
	return fmt.Errorf("file: %w", closedIf(op, err))
}
