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
// positions). Entries hold no pointer, so that the garbage collector need
// not scan them: stream IDs are numbered.
type feed struct {
	mu     sync.Mutex
	chunks [][]entry         // in position order, full but the last: appends never move an entry
	names  []string          // stream IDs by number; replaced, never changed in place, by drop
	ids    map[string]uint32 // numbers by stream ID
	last   uint64            // the last position given
	closed bool
	signal adapter.Signal
}

type entry struct {
	pos, from, to uint64
	id            uint32
}

// feedChunk is the capacity of a chunk of the feed.
const feedChunk = 4096

// add records a batch; the caller holds the stream's lock, so that the
// batches of one stream get positions in their order.
func (f *feed) add(id string, from, to uint64) {
	f.mu.Lock()
	n, ok := f.ids[id]
	if !ok {
		if f.ids == nil {
			f.ids = map[string]uint32{}
		}
		n = uint32(len(f.names))
		f.ids[id], f.names = n, append(f.names, id)
	}
	f.last++
	k := len(f.chunks)
	if k == 0 || len(f.chunks[k-1]) == feedChunk {
		f.chunks = append(f.chunks, make([]entry, 0, feedChunk))
		k++
	}
	f.chunks[k-1] = append(f.chunks[k-1], entry{pos: f.last, from: from, to: to, id: n})
	f.mu.Unlock()
	f.signal.Notify()
}

// drop removes the changes of an erased stream, into new chunks, and its
// ID: readers keep what they hold.
func (f *feed) drop(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, ok := f.ids[id]
	if !ok {
		return
	}
	delete(f.ids, id)
	f.names = slices.Clone(f.names)
	f.names[n] = ""
	var kept [][]entry
	for _, ch := range f.chunks {
		for _, e := range ch {
			if e.id == n {
				continue
			}
			if k := len(kept); k == 0 || len(kept[k-1]) == feedChunk {
				kept = append(kept, make([]entry, 0, feedChunk))
			}
			kept[len(kept)-1] = append(kept[len(kept)-1], e)
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
		// The first chunk that ends after since, and those after it, with
		// the last one's length as of now: a copy that does not grow with
		// the feed's history.
		k, _ := slices.BinarySearchFunc(f.chunks, since+1, func(ch []entry, p uint64) int {
			return compare(ch[len(ch)-1].pos, p)
		})
		chunks, names, last, closed := slices.Clone(f.chunks[k:]), f.names, f.last, f.closed
		f.mu.Unlock()
		switch {
		case closed:
			yield(sealstream.Change{}, fmt.Errorf("mem: changes: %w", sealstream.ErrClosed))
			return
		case since > last:
			yield(sealstream.Change{}, fmt.Errorf("mem: changes after %d: the last position is %d: %w",
				since, last, sealstream.ErrInvalidArgument))
			return
		case ctx.Err() != nil: // even when no change follows since
			yield(sealstream.Change{}, ctx.Err())
			return
		}
		for _, ch := range chunks {
			if err := ctx.Err(); err != nil {
				yield(sealstream.Change{}, err)
				return
			}
			i, _ := slices.BinarySearchFunc(ch, since+1, func(e entry, p uint64) int {
				return compare(e.pos, p)
			})
			for _, e := range ch[i:] {
				if !yield(sealstream.Change{Position: e.pos, Stream: names[e.id], From: e.from, To: e.to}, nil) {
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
