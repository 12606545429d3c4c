package stream

import (
	"context"
	"iter"
	"sync"

	"github.com/sealstream/sealstream/codec"
)

// Replay runs as a two-stage pipeline, because on a 2-core machine the
// hash chain (SHA-256 over every record) and the decryption cost about the
// same: one goroutine reads and verifies records in chunks, the caller's
// goroutine decrypts and folds them (BenchmarkReplay).
const (
	pipeChunk = 256 // records per chunk
	pipeSlack = 16  // spare bytes after each AD, so the envelope can extend it in place
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
	err   error
}

func (b *chunk) add(r *codec.Record, ad []byte) {
	start := len(b.arena)
	b.arena = append(b.arena, ad...)
	end := len(b.arena)
	b.arena = append(b.arena, make([]byte, pipeSlack)...)
	b.items = append(b.items, verified{rec: *r, ad: b.arena[start : end : end+pipeSlack]})
}

// pipeline yields what records yields, verifying on another goroutine. The
// cursor is advanced by that goroutine; it is consistent again when the
// sequence has been drained. The goroutine ends before the sequence returns.
func (c *cursor) pipeline(ctx context.Context) iter.Seq2[*verified, error] {
	if !pipelined {
		return c.serial(ctx)
	}
	return func(yield func(*verified, error) bool) {
		full, free, done := make(chan *chunk, 2), make(chan *chunk, 3), make(chan struct{})
		for range cap(free) {
			free <- &chunk{}
		}
		var wg sync.WaitGroup
		wg.Go(func() { c.produce(ctx, full, free, done) })
		defer func() { close(done); wg.Wait() }()
		for b := range full {
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

func (c *cursor) produce(ctx context.Context, full, free chan *chunk, done chan struct{}) {
	defer close(full)
	b := <-free
	send := func() bool {
		select {
		case full <- b:
		case <-done:
			return false
		}
		select {
		case b = <-free:
			b.items, b.arena, b.err = b.items[:0], b.arena[:0], nil
			return true
		case <-done:
			return false
		}
	}
	for r, err := range c.records(ctx) {
		if err != nil {
			b.err = err
			break
		}
		b.add(r, c.ad)
		if len(b.items) == pipeChunk && !send() {
			return
		}
	}
	if len(b.items) > 0 || b.err != nil {
		select {
		case full <- b:
		case <-done:
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
