package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream/stream"
)

// watchLatency measures the time from the start of an Append to the yield
// of its event in a ReadAndWatch loop running in another goroutine. The
// appender waits for each yield before the next Append, so every sample is
// one event's own latency, not time spent in a queue.
func watchLatency(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	var lats []time.Duration
	err := withStream(ctx, t, "watch", func(s *stream.Stream[int]) error {
		if _, err := s.Append(ctx, events(1, data)); err != nil {
			return err
		}
		var wg sync.WaitGroup
		defer wg.Wait() // runs after cancel
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		base := time.Now()
		var sent atomic.Int64 // when the pending Append started, as time since base
		seen := make(chan time.Duration)
		ended := make(chan error, 1)
		wg.Go(func() {
			var end error
			defer func() { ended <- end }()
			for _, err := range s.ReadAndWatch(wctx, stream.From(2)) {
				if err != nil {
					end = err
					return
				}
				select {
				case seen <- time.Since(base) - time.Duration(sent.Load()):
				case <-wctx.Done():
				}
			}
		})
		es := events(1, data)
		for start := time.Now(); len(lats) < o.watchN && (len(lats) == 0 || time.Since(start) < o.dur); {
			sent.Store(int64(time.Since(base)))
			if _, err := s.Append(ctx, es); err != nil {
				return err
			}
			select {
			case d := <-seen:
				lats = append(lats, d)
			case err := <-ended:
				return fmt.Errorf("watch ended early: %w", cmp.Or(err, errors.New("the iterator returned")))
			}
		}
		cancel()
		wg.Wait()
		if err := <-ended; !errors.Is(err, context.Canceled) {
			return fmt.Errorf("watch ended with %v, want context canceled", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("stream %q: %w", "watch", err)
	}
	for _, x := range latencyRows(t.kind+".watch", t.section(), "watch latency append→yield", lats) {
		r.add(x)
	}
	return nil
}
