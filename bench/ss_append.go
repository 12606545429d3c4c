package main

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream/stream"
)

// appends measures durable appends of 1 and of 100 events per call, each
// on a fresh stream of a fresh store. One call before the clock starts
// creates the stream's keyset.
func appends(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	for _, per := range []int{1, 100} {
		id := fmt.Sprintf("append-%d", per)
		err := withStream(ctx, t, id, func(s *stream.Stream[int]) error {
			es := events(per, data)
			if _, err := s.Append(ctx, es); err != nil {
				return err
			}
			calls, el, err := timeBox(o.dur, max(o.maxEv/per, 1), func(k int) error {
				for range k {
					if _, err := s.Append(ctx, es); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			name := fmt.Sprintf("%s, %d event%s per call", t.appendVerb(), per, plural(per))
			r.add(rate(fmt.Sprintf("%s.append%d", t.kind, per), t.section(), name, per, calls, el))
			return nil
		})
		if err != nil {
			return fmt.Errorf("stream %q: %w", id, err)
		}
	}
	return nil
}

// appenders is how many goroutines append concurrently to one stream.
const appenders = 16

// concurrentAppends measures 16 goroutines appending 1 event per call to
// the same stream, which the store commits in groups.
func concurrentAppends(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	err := withStream(ctx, t, "append-16", func(s *stream.Stream[int]) error {
		if _, err := s.Append(ctx, events(1, data)); err != nil {
			return err
		}
		var (
			total atomic.Int64
			wg    sync.WaitGroup
			mu    sync.Mutex
			first error
		)
		start := time.Now()
		for range appenders {
			wg.Go(func() {
				es := events(1, data)
				for time.Since(start) < o.dur && total.Load() < int64(o.maxEv) {
					if _, err := s.Append(ctx, es); err != nil {
						mu.Lock()
						first = cmp.Or(first, err)
						mu.Unlock()
						return
					}
					total.Add(1)
				}
			})
		}
		wg.Wait()
		el := time.Since(start)
		if first != nil {
			return first
		}
		name := fmt.Sprintf("%d concurrent appenders, 1 event per call", appenders)
		x := rate(t.kind+".append16", t.section(), name, 1, int(total.Load()), el)
		x.detail = fmt.Sprintf("%s mean per call per appender, %s calls", fmtDur(el*appenders/time.Duration(max(total.Load(), 1))), itoa(int(total.Load())))
		r.add(x)
		return nil
	})
	if err != nil {
		return fmt.Errorf("stream %q: %w", "append-16", err)
	}
	return nil
}
