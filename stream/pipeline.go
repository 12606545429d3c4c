package stream

import (
	"context"
	"iter"
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// Replay runs as a three-stage pipeline, because on a 2-core machine
// decoding records (file adapter), hashing the chain (SHA-256 over every
// record) and decrypting cost about the same: one goroutine reads records
// in chunks, a second verifies their versions and hash chain, and the
// caller's goroutine decrypts and folds them. BenchmarkReplay and
// BenchmarkReplayFile compare it with the serial path.
const (
	pipeChunk = 256      // records per chunk
	pipeSlack = 16       // spare bytes after each AD, so the envelope can extend it in place
	pipeLend  = 64 << 10 // records up to this size are decoded into a chunk's memory, at most 16 times it
)

// pipelined selects the pipeline for event reads; the serial path is kept
// for comparison in benchmarks.
var pipelined = true

// verified is a record whose place in the chain was checked, with its AD.
type verified struct {
	rec codec.Record
	ad  []byte
}

type chunk struct {
	items []verified
	arena []byte
	bytes []byte // the records' Prev and Payload, from a ScratchReader
	err   error
}

// pipeline yields what records yields, reading and verifying on two other
// goroutines. The cursor is advanced by the verifier; it is consistent
// again once the sequence has been drained. Both goroutines end before the
// sequence returns.
func (c *cursor) pipeline(ctx context.Context) iter.Seq2[*verified, error] {
	if !pipelined {
		return c.serial(ctx)
	}
	return func(yield func(*verified, error) bool) {
		raw, ready := make(chan *chunk, 1), make(chan *chunk, 1)
		free, done := make(chan *chunk, 4), make(chan struct{})
		for range cap(free) {
			free <- &chunk{}
		}
		var wg sync.WaitGroup
		wg.Go(func() { c.read(ctx, raw, free, done) })
		wg.Go(func() { c.check(raw, ready, done) })
		defer func() { close(done); wg.Wait() }()
		for b := range ready {
			for i := range b.items {
				if !yield(&b.items[i], nil) {
					return
				}
			}
			if b.err != nil {
				yield(nil, b.err)
				return
			}
			free <- b
		}
	}
}

// read fills chunks with the records of the log from the cursor's start.
func (c *cursor) read(ctx context.Context, raw, free chan *chunk, done chan struct{}) {
	defer close(raw)
	var b *chunk
	take := func() bool {
		select {
		case b = <-free:
			b.items, b.arena, b.bytes, b.err = b.items[:0], b.arena[:0], b.bytes[:0], nil
			return true
		case <-done:
			return false
		}
	}
	send := func() bool {
		select {
		case raw <- b:
			return true
		case <-done:
			return false
		}
	}
	if !take() {
		return
	}
	next := max(c.start(), 1) // the verifier advances c.next meanwhile: not to be read here
	records := c.h.log().Read
	if sr, ok := c.h.log().(adapter.ScratchReader); ok {
		// The records' bytes go to the chunk's memory, reused once the
		// chunk comes back: the consumer and the verifier keep none.
		alloc := func(n int) []byte {
			if n > pipeLend {
				return make([]byte, n) // a large record gets its own
			}
			if cap(b.bytes)-len(b.bytes) < n { // what was carved stays with its records
				b.bytes = make([]byte, 0, min(max(cap(b.bytes)+cap(b.bytes)/4, pipeLend), 16*pipeLend))
			}
			start := len(b.bytes)
			b.bytes = b.bytes[:start+n]
			return b.bytes[start : start+n : start+n]
		}
		records = func(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
			return sr.ReadScratch(ctx, from, alloc)
		}
	}
	for r, err := range records(ctx, next) {
		if err != nil {
			b.err = c.readErrAt(next, err)
			break
		}
		next = r.Version + 1
		b.items = append(b.items, verified{rec: r})
		if len(b.items) == pipeChunk && (!send() || !take()) {
			return
		}
	}
	if len(b.items) > 0 || b.err != nil {
		send()
	}
}

// check verifies each chunk in place, keeping the AD of every record and
// dropping the priming record; at the first failure it cuts the chunk
// there and passes the error on.
func (c *cursor) check(raw, ready chan *chunk, done chan struct{}) {
	defer close(ready)
	for b := range raw {
		kept := b.items[:0]
		for i := range b.items {
			v := b.items[i]
			skip, err := c.verify(&v.rec)
			if err != nil {
				b.err = err
				break
			}
			if skip {
				continue
			}
			start := len(b.arena)
			b.arena = append(b.arena, c.ad...)
			end := len(b.arena)
			b.arena = append(b.arena, make([]byte, pipeSlack)...)
			v.ad = b.arena[start : end : end+pipeSlack]
			kept = append(kept, v)
		}
		b.items = kept
		select {
		case ready <- b:
		case <-done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// serial yields the records of the cursor on the caller's goroutine.
func (c *cursor) serial(ctx context.Context) iter.Seq2[*verified, error] {
	return func(yield func(*verified, error) bool) {
		var v verified
		for r, err := range c.records(ctx) {
			if err != nil {
				yield(nil, err)
				return
			}
			v.rec, v.ad = *r, c.ad
			if !yield(&v, nil) {
				return
			}
		}
	}
}
