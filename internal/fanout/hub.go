package fanout

import (
	"context"
	"sync"
)

// Hub runs a producer while it has subscribers, sharing the ring it fills
// among them. The first [Hub.Join] starts the producer on a new ring; the
// last leave stops it and waits for it to return. A producer that returns
// on its own (it failed) leaves its ring closed, and the next Join starts
// another on a new ring.
type Hub[T any] struct {
	lim Limits[T]
	run func(ctx context.Context, r *Ring[T])

	mu   sync.Mutex
	subs int
	cur  *feed[T]
}

// feed is one run of the producer.
type feed[T any] struct {
	ring *Ring[T]
	stop context.CancelFunc
	done chan struct{}
}

// NewHub returns a hub whose producer is run: it publishes on the ring it
// is given, from the ring's start, until ctx is done, and closes nothing
// (the hub closes the ring once run returns). Rings hold what lim allows.
func NewHub[T any](lim Limits[T], run func(ctx context.Context, r *Ring[T])) *Hub[T] {
	return &Hub[T]{lim: lim, run: run}
}

// Join adds a subscriber and returns the ring being filled, with the
// function that removes the subscriber again (only its first call
// counts). When no producer runs, or the last one returned on its own, it
// starts one on a new ring that starts at position start; otherwise start
// is ignored, and the ring may start before or after it.
func (h *Hub[T]) Join(start uint64) (*Ring[T], func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs++
	if h.cur == nil || h.cur.ring.closed.Load() {
		h.cur = h.launch(start)
	}
	var once sync.Once
	return h.cur.ring, func() { once.Do(h.leave) }
}

// Subscribers returns how many subscribers have joined and not left.
func (h *Hub[T]) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.subs
}

// launch starts the producer on a new ring. It must be called with h.mu held.
func (h *Hub[T]) launch(start uint64) *feed[T] {
	ctx, stop := context.WithCancel(context.Background())
	f := &feed[T]{ring: NewRing(h.lim, start), stop: stop, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		defer stop()
		defer f.ring.Close()
		h.run(ctx, f.ring)
	}()
	return f
}

// leave removes a subscriber; the last one stops the producer and waits
// for it to return.
func (h *Hub[T]) leave() {
	h.mu.Lock()
	h.subs--
	if h.subs > 0 {
		h.mu.Unlock()
		return
	}
	f := h.cur
	h.cur = nil
	h.mu.Unlock()
	if f != nil {
		f.stop()
		<-f.done
	}
}
