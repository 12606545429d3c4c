package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// idEvents returns one event with a caller-supplied ID.
func idEvents(id string, data []byte) []sealstream.Event {
	return []sealstream.Event{{ID: id, Type: eventType, Data: data}}
}

// idOpen measures, on the N-event stream replay left: the first append
// with a caller-supplied ID by a new store, right after the store that
// wrote the N events closed (its event-ID index must cover them all),
// then a cold open of the stream with an append carrying a new ID, and
// the heap that open grew.
func idOpen(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	var first time.Duration
	err := withStream(ctx, t, "replay", func(s *stream.Stream[int]) error {
		start := time.Now()
		_, err := s.Append(ctx, idEvents("bench-id-first", data))
		first = time.Since(start)
		return err
	})
	if err != nil {
		return fmt.Errorf("stream %q: first ID append: %w", "replay", err)
	}
	h := watchHeap()
	start := time.Now()
	var el time.Duration
	err = withStream(ctx, t, "replay", func(s *stream.Stream[int]) error {
		_, err := s.Append(ctx, idEvents("bench-id-cold", data))
		el = time.Since(start)
		return err
	})
	grew := h.Stop()
	if err != nil {
		return fmt.Errorf("stream %q: cold open + ID append: %w", "replay", err)
	}
	r.add(durationRow(t.kind+".idfirst", t.section(), "first caller-ID append after writing N", first,
		"new store + Open + Append with an event ID, right after the bulk load"))
	r.add(durationRow(t.kind+".idopen", t.section(), "cold open of the N-event stream + 1 caller-ID append", el,
		"new store + Open + Append with an event ID, page cache warm"))
	r.add(heapRow(t.kind+".idopen.heap", t.section(), "peak heap growth of that open + append", grew))
	if fi, err := os.Stat(filepath.Join(strings.TrimPrefix(t.url, "file://"), "replay.jsonl.ids")); err == nil {
		r.add(row{key: t.kind + ".idtable", section: t.section(), name: "event-ID table on disk", value: float64(fi.Size()) / (1 << 20),
			unit: mib, detail: fmt.Sprintf("%.1f bytes per event (file size)", float64(fi.Size())/float64(o.n+2))})
	}
	return nil
}

// idPauses appends 2,000 single events with caller-supplied IDs (one in
// ten a retry of an earlier one) to the N-event stream and reports the
// slowest call and the heap grown meanwhile.
func idPauses(ctx context.Context, o options, t target, r *report) error {
	data := payload(o.payload)
	const calls = 2000
	ds := make([]time.Duration, 0, calls)
	var grew heapUse
	err := withStream(ctx, t, "replay", func(s *stream.Stream[int]) error {
		h := watchHeap()
		for i := range calls {
			id := fmt.Sprintf("bench-pause-%d", i)
			if i%10 == 9 {
				id = fmt.Sprintf("bench-pause-%d", i-5) // a retry: found stored, a no-op
			}
			start := time.Now()
			if _, err := s.Append(ctx, idEvents(id, data)); err != nil {
				return err
			}
			ds = append(ds, time.Since(start))
		}
		grew = h.Stop()
		return nil
	})
	if err != nil {
		return fmt.Errorf("stream %q: caller-ID appends: %w", "replay", err)
	}
	p50, p99 := percentiles(ds)
	worst := slices.Max(ds)
	r.add(durationRow(t.kind+".idpause.max", t.section(), "caller-ID append on the N-event stream, slowest of 2,000", worst,
		fmt.Sprintf("p50 %s, p99 %s; one in ten a retry", fmtDur(p50), fmtDur(p99))))
	r.add(heapRow(t.kind+".idpause.heap", t.section(), "peak heap growth over those 2,000 appends", grew))
	return nil
}
