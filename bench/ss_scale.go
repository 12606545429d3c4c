package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/sealstream/sealstream/stream"
)

// perStream opens 50,000 streams on one store of t, appends one event to
// each and closes it, and reports the heap each stream keeps (after a GC:
// records, keysets, the keyring's cache and the store's warm handles).
func perStream(ctx context.Context, o options, t target, r *report) error {
	const streams = 50_000
	data := payload(o.payload)
	st, err := t.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	runtime.GC()
	before := heapBytes()
	for i := range streams {
		s, err := stream.Open(ctx, st, fmt.Sprintf("per-stream-%d", i), countFold, 0)
		if err != nil {
			return err
		}
		_, err = s.Append(ctx, events(1, data))
		if err := s.Close(); err != nil {
			return err
		}
		if err != nil {
			return err
		}
	}
	runtime.GC()
	kept := float64(heapBytes()-before) / streams
	r.add(row{key: t.kind + ".perstream", section: t.section(), name: "heap kept per stream holding 1 event (50,000 streams)",
		value: kept / 1024, unit: "KiB", detail: "after a GC; records, keysets and caches, one store"})
	return nil
}

// watchers measures appends of 10 events per call to a stream that w
// watchers follow, for w = 0, 10, 100 and 1,000, and the heap in use.
func watchers(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	for _, w := range []int{0, 10, 100, 1000} {
		id := fmt.Sprintf("watchers-%d", w)
		err := withStream(ctx, t, id, func(s *stream.Stream[int]) error {
			if _, err := s.Append(ctx, events(10, data)); err != nil {
				return err
			}
			wctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for range w {
				wg.Go(func() {
					for _, err := range s.Watch(wctx) {
						if err != nil {
							return
						}
					}
				})
			}
			h := watchHeap()
			es := events(10, data)
			calls, el, err := timeBox(o.dur, max(o.maxEv/10, 1), func(k int) error {
				for range k {
					if _, err := s.Append(ctx, es); err != nil {
						return err
					}
				}
				return nil
			})
			grew := h.Stop()
			cancel()
			wg.Wait()
			if err != nil {
				return err
			}
			name := fmt.Sprintf("%s, 10 per call, %d watchers", t.appendVerb(), w)
			r.add(rate(fmt.Sprintf("%s.watchers%d", t.kind, w), t.section(), name, 10, calls, el))
			r.add(heapRow(fmt.Sprintf("%s.watchers%d.heap", t.kind, w), t.section(), fmt.Sprintf("peak heap growth with %d watchers", w), grew))
			return nil
		})
		if err != nil {
			return fmt.Errorf("stream %q: %w", id, err)
		}
	}
	return nil
}
