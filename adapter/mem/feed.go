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
	mu     sync.Mutex
	chunks [][]sealstream.Change // in position order, full but the last: appends never move an entry
	last   uint64                // the last position given
	closed bool
	signal adapter.Signal
}

// feedChunk is the capacity of a chunk of the feed.
const feedChunk = 4096

// add records a batch; the caller holds the stream's lock, so that the
// batches of one stream get positions in their order.
func (f *feed) add(id string, from, to uint64) {
	f.mu.Lock()
	f.last++
	n := len(f.chunks)
	if n == 0 || len(f.chunks[n-1]) == feedChunk {
		f.chunks = append(f.chunks, make([]sealstream.Change, 0, feedChunk))
		n++
	}
	f.chunks[n-1] = append(f.chunks[n-1], sealstream.Change{Position: f.last, Stream: id, From: from, To: to})
	f.mu.Unlock()
	f.signal.Notify()
}

// drop removes the changes of an erased stream, into new chunks: readers
// keep the ones they hold.
func (f *feed) drop(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var kept [][]sealstream.Change
	for _, ch := range f.chunks {
		for _, c := range ch {
			if c.Stream == id {
				continue
			}
			if n := len(kept); n == 0 || len(kept[n-1]) == feedChunk {
				kept = append(kept, make([]sealstream.Change, 0, feedChunk))
			}
			kept[len(kept)-1] = append(kept[len(kept)-1], c)
		}
	}
	f.chunks = kept
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
		chunks, last, closed := slices.Clone(f.chunks), f.last, f.closed // the last chunk's length as of now
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
		// The first chunk that ends after since, then the first change in it.
		k, _ := slices.BinarySearchFunc(chunks, since+1, func(ch []sealstream.Change, p uint64) int {
			return compare(ch[len(ch)-1].Position, p)
		})
		for ; k < len(chunks); k++ {
			if err := ctx.Err(); err != nil {
				yield(sealstream.Change{}, err)
				return
			}
			ch := chunks[k]
			i, _ := slices.BinarySearchFunc(ch, since+1, func(c sealstream.Change, p uint64) int {
				return compare(c.Position, p)
			})
			for _, c := range ch[i:] {
				if !yield(c, nil) {
					return
				}
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
