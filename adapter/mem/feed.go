package mem

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// feed is the adapter's change feed: one entry per batch, positions
// counted from 1 without gaps (Erase drops entries, never reuses their
// positions).
type feed struct {
	mu      sync.Mutex
	entries []sealstream.Change // in position order; replaced, never changed in place, by drop
	last    uint64              // the last position given
	closed  bool
	signal  adapter.Signal
}

// add records a batch; the caller holds the stream's lock, so that the
// batches of one stream get positions in their order.
func (f *feed) add(id string, from, to uint64) {
	f.mu.Lock()
	f.last++
	f.entries = append(f.entries, sealstream.Change{Position: f.last, Stream: id, From: from, To: to})
	f.mu.Unlock()
	f.signal.Notify()
}

// drop removes the changes of an erased stream.
func (f *feed) drop(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries = slices.DeleteFunc(slices.Clone(f.entries), func(c sealstream.Change) bool { return c.Stream == id })
}

func (f *feed) close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.signal.Notify()
}

// Changes yields the changes after position since. Positions count the
// batches appended through this adapter from 1, without gaps but for
// erased streams; a since beyond the last position given is
// [sealstream.ErrInvalidArgument] (a position saved from another adapter,
// whose memory is gone).
func (a *Adapter) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		f := &a.feed
		f.mu.Lock()
		entries, last, closed := f.entries, f.last, f.closed
		f.mu.Unlock()
		switch {
		case closed:
			yield(sealstream.Change{}, fmt.Errorf("mem: changes: %w", sealstream.ErrClosed))
			return
		case since > last:
			yield(sealstream.Change{}, fmt.Errorf("mem: changes after %d: the last position is %d: %w",
				since, last, sealstream.ErrInvalidArgument))
			return
		}
		i, _ := slices.BinarySearchFunc(entries, since+1, func(c sealstream.Change, p uint64) int {
			return compare(c.Position, p)
		})
		for n, c := range entries[i:] {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					yield(sealstream.Change{}, err)
					return
				}
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// FeedChanged returns a channel closed after the next batch appended
// through the adapter, or by Close.
func (a *Adapter) FeedChanged() <-chan struct{} {
	a.feed.mu.Lock()
	closed := a.feed.closed
	a.feed.mu.Unlock()
	if closed {
		return closedChan
	}
	return a.feed.signal.C()
}

func compare(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
