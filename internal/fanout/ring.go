package fanout

import "sync/atomic"

// Ring is a bounded broadcast buffer of items at consecutive positions,
// from the position it starts at. One goroutine publishes; any number of
// goroutines read at once, each at its own pace. It holds the newest items
// published, within its [Limits].
type Ring[T any] struct {
	slots  []atomic.Pointer[box[T]]
	mask   uint64
	start  uint64
	low    atomic.Uint64 // position of the oldest item held
	next   atomic.Uint64 // position of the next item to publish
	lim    Limits[T]
	costs  []int64 // the publisher's own: the cost of the item in each slot
	total  int64   // the publisher's own: the cost of the items held
	wake   atomic.Pointer[chan struct{}]
	closed atomic.Bool
	done   chan struct{} // closed by Close; handed out by Changed after it
}

// Limits bound what a ring holds: at most Items items (rounded up to a
// power of two, at least 1) and, when Cost is set, no more than Bytes of
// their summed cost, except that the newest item is always held.
type Limits[T any] struct {
	Items int
	Bytes int64
	Cost  func(T) int64
}

// box is one published item with its position, so that a reader can tell
// an item from the one that replaced it.
type box[T any] struct {
	pos uint64
	v   T
}

// State is what [Ring.Get] found at a position.
type State int

const (
	// Ready: the item is there.
	Ready State = iota
	// Pending: the item is not published yet; wait on [Ring.Changed].
	Pending
	// Behind: the item was dropped to make room, or comes before the
	// ring's start; the ring will never hold it again.
	Behind
	// Closed: the ring is closed and will never publish the item.
	Closed
)

// NewRing returns an empty ring within lim whose first item will be at
// position start.
func NewRing[T any](lim Limits[T], start uint64) *Ring[T] {
	n := 1
	for n < lim.Items {
		n <<= 1
	}
	r := &Ring[T]{slots: make([]atomic.Pointer[box[T]], n), mask: uint64(n - 1), start: start, lim: lim, done: make(chan struct{})}
	if lim.Cost != nil {
		r.costs = make([]int64, n)
	}
	r.low.Store(start)
	r.next.Store(start)
	ch := make(chan struct{})
	r.wake.Store(&ch)
	return r
}

// Start returns the position of the ring's first item.
func (r *Ring[T]) Start() uint64 { return r.start }

// Next returns the position the next published item will take.
func (r *Ring[T]) Next() uint64 { return r.next.Load() }

// Publish appends vs at the next positions, dropping the oldest items
// beyond the ring's limits, and wakes the readers waiting on
// [Ring.Changed], once for the whole call. It never blocks. Only one
// goroutine may publish; nothing is published after [Ring.Close].
func (r *Ring[T]) Publish(vs ...T) {
	if len(vs) == 0 || r.closed.Load() {
		return
	}
	pos := r.next.Load()
	for _, v := range vs {
		if pos-r.low.Load() == uint64(len(r.slots)) {
			r.drop() // the slot is the oldest item's
		}
		if r.costs != nil {
			c := r.lim.Cost(v)
			r.costs[pos&r.mask], r.total = c, r.total+c
		}
		r.slots[pos&r.mask].Store(&box[T]{pos: pos, v: v})
		pos++
		r.next.Store(pos)
		for r.costs != nil && r.total > r.lim.Bytes && r.low.Load()+1 < pos {
			r.drop()
		}
	}
	ch := make(chan struct{})
	if old := r.wake.Swap(&ch); old != nil && *old != r.done {
		close(*old)
	}
}

// drop lets go of the oldest item held.
func (r *Ring[T]) drop() {
	low := r.low.Load()
	r.low.Store(low + 1) // before the slot empties: a reader sees Behind either way
	if r.costs != nil {
		r.total -= r.costs[low&r.mask]
	}
	r.slots[low&r.mask].Store(nil)
}

// Get returns the item at pos and [Ready], or the zero value and why there
// is none.
func (r *Ring[T]) Get(pos uint64) (T, State) {
	var zero T
	if pos < r.low.Load() {
		return zero, Behind
	}
	if pos >= r.next.Load() {
		if !r.closed.Load() {
			return zero, Pending
		}
		if pos >= r.next.Load() { // Close comes after the last publish
			return zero, Closed
		}
	}
	b := r.slots[pos&r.mask].Load()
	if b == nil || b.pos != pos {
		return zero, Behind
	}
	return b.v, Ready
}

// Changed returns a channel closed by the next [Ring.Publish] or by
// [Ring.Close]. A reader takes it before it calls [Ring.Get], so that no
// publish between the two is missed.
func (r *Ring[T]) Changed() <-chan struct{} { return *r.wake.Load() }

// Close ends the ring: items held stay readable, positions after them are
// [Closed], and readers waiting on [Ring.Changed] wake. Close is
// idempotent; it must not run concurrently with [Ring.Publish].
func (r *Ring[T]) Close() {
	if r.closed.Swap(true) {
		return
	}
	close(r.done)
	if old := r.wake.Swap(&r.done); old != nil && *old != r.done {
		close(*old)
	}
}
