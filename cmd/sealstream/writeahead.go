package main

import "sync/atomic"

// writeAhead hands items, in batches, to a function run in a goroutine of
// its own, so that what produces the items (reading and decrypting a
// stream, checking its chain) and what writes them (encoding, hashing and
// writing the output) run on two cores. Batches are recycled. Close it
// once done, whatever happened: it waits for the goroutine.
type writeAhead[T any] struct {
	cur    []T
	work   chan []T
	free   chan []T
	done   chan struct{}
	failed atomic.Bool
	err    error // the write's error; read after done
}

// writeAheadBatches is how many batches are in flight at most: one being
// filled, one being written and one queued between them.
const writeAheadBatches = 3

// newWriteAhead starts the goroutine that calls write on every batch of
// up to n items, in order, until a call fails.
func newWriteAhead[T any](n int, write func([]T) error) *writeAhead[T] {
	w := &writeAhead[T]{
		work: make(chan []T, writeAheadBatches),
		free: make(chan []T, writeAheadBatches),
		done: make(chan struct{}),
	}
	for range writeAheadBatches - 1 {
		w.free <- make([]T, 0, n)
	}
	w.cur = make([]T, 0, n)
	go w.run(write)
	return w
}

func (w *writeAhead[T]) run(write func([]T) error) {
	defer close(w.done)
	for b := range w.work {
		if w.err == nil {
			if w.err = write(b); w.err != nil {
				w.failed.Store(true)
			}
		}
		clear(b) // keep no item alive in a free batch
		w.free <- b[:0]
	}
}

// add queues item. It returns false once a write failed: the caller then
// stops adding, and Close returns the error.
func (w *writeAhead[T]) add(item T) bool {
	w.cur = append(w.cur, item)
	if len(w.cur) == cap(w.cur) {
		w.work <- w.cur
		w.cur = <-w.free
	}
	return !w.failed.Load()
}

// Close writes what is queued, ends the goroutine and returns the first
// error of write.
func (w *writeAhead[T]) Close() error {
	if len(w.cur) > 0 && !w.failed.Load() {
		w.work <- w.cur
	}
	w.cur = nil
	close(w.work)
	<-w.done
	return w.err
}
