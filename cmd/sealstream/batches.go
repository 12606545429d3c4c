package main

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// batch is a run of records read ahead, or the error that ended the read.
type batch struct {
	recs []codec.Record
	err  error
}

// readBatch is how many records readAhead yields at once.
const readBatch = 1024

// readAhead reads log's records from version 1 to upto in a goroutine of
// its own, in batches, so that decoding the log and what the caller does
// with the records run on two cores. A batch is the caller's until it
// asks for the next one, then it is reused. The goroutine ends when the
// caller stops ranging.
func readAhead(ctx context.Context, log adapter.Log, upto uint64) iter.Seq2[[]codec.Record, error] {
	return func(yield func([]codec.Record, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		ch := make(chan batch, 4)
		free := make(chan []codec.Record, cap(ch)+2)
		done := make(chan struct{})
		next := func() []codec.Record {
			select {
			case recs := <-free:
				return recs
			default:
				return make([]codec.Record, 0, readBatch)
			}
		}
		go func() {
			defer close(done)
			defer close(ch)
			recs := next()
			for r, err := range log.Read(ctx, 1) {
				if err != nil {
					ch <- batch{err: err}
					return
				}
				if r.Version > upto {
					break
				}
				if recs = append(recs, r); len(recs) == cap(recs) {
					select {
					case ch <- batch{recs: recs}:
					case <-ctx.Done():
						return
					}
					recs = next()
				}
			}
			if len(recs) > 0 {
				select {
				case ch <- batch{recs: recs}:
				case <-ctx.Done():
				}
			}
		}()
		defer func() {
			cancel()
			for range ch { // let the reader see the cancel and end
			}
			<-done
		}()
		for b := range ch {
			if !yield(b.recs, b.err) || b.err != nil {
				return
			}
			clear(b.recs)
			select {
			case free <- b.recs[:0]:
			default:
			}
		}
	}
}
