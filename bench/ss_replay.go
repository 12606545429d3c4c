package main

import (
	"context"
	"fmt"
	"time"

	"github.com/sealstream/sealstream/stream"
)

// loadBatch is how many events each call writes when filling a stream.
const loadBatch = 1000

// replay fills a stream with N events, then folds it with State (read,
// verify the hash chain, decrypt, fold) while sampling the heap.
func replay(ctx context.Context, o options, t target, r *report) error {
	err := withStream(ctx, t, "replay", func(s *stream.Stream[int]) error {
		es := events(loadBatch, payload(o.payload))
		for done := 0; done < o.n; done += loadBatch {
			if _, err := s.Append(ctx, es[:min(loadBatch, o.n-done)]); err != nil {
				return err
			}
		}
		el, grew, err := measured(o.n, func() (int, error) { return s.State(ctx) })
		if err != nil {
			return err
		}
		r.add(replayRow(t.kind+".replay", t.section(), "replay N (State: read+verify+decrypt+fold)", o.n, el))
		r.add(heapRow(t.kind+".heap", t.section(), "peak heap growth during the replay", grew))
		return nil
	})
	if err != nil {
		return fmt.Errorf("stream %q: %w", "replay", err)
	}
	return nil
}

// coldOpen times a new store over the storage left by replay, opening the
// N-event stream and appending one event: what a process pays to resume.
// The keys are the ones that wrote the stream; the OS page cache is warm.
func coldOpen(ctx context.Context, o options, t target, r *report) error {
	es := events(1, payload(o.payload))
	var v uint64
	var el time.Duration
	start := time.Now()
	err := withStream(ctx, t, "replay", func(s *stream.Stream[int]) error {
		var err error
		v, err = s.Append(ctx, es)
		el = time.Since(start)
		return err
	})
	if err != nil {
		return fmt.Errorf("stream %q: cold open: %w", "replay", err)
	}
	if v != uint64(o.n)+1 {
		return fmt.Errorf("stream %q: cold open: append gave version %d, want %d", "replay", v, o.n+1)
	}
	r.add(durationRow(t.kind+".open", t.section(), "cold open of the N-event stream + 1 append", el,
		"new store + Open + Append, page cache warm"))
	return nil
}
