package streamtest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
)

// A failed Append returns version 0, and the next Append on the same
// stream (no reopen) lands at the version the failed one did not take; a
// watcher started before the failure sees every acknowledged state once,
// and the place stores exactly the acknowledged events.
func failedAppendReturnsZero(t *testing.T, s suite) {
	ctx := context.Background()
	var fail atomic.Bool
	h := openCount(t, s.store(t, s.FailingOpener(t, &fail)), "s")
	watch, cancel := context.WithCancel(ctx)
	defer cancel()
	seen := make(chan int, 16)
	done := make(chan error, 1)
	go func() {
		for n, err := range h.ReadAndWatch(watch) {
			if err != nil {
				done <- err
				return
			}
			seen <- n
		}
		done <- nil
	}()
	mustAppend(t, h, "1")
	fail.Store(true)
	if v, err := h.Append(ctx, []sealstream.Event{ev("lost")}); err == nil || v != 0 {
		t.Fatalf("Append that fails = %d, %v; want 0 and an error", v, err)
	}
	for want := uint64(2); want <= 3; want++ {
		if v, err := h.Append(ctx, []sealstream.Event{ev("next")}); err != nil || v != want {
			t.Fatalf("Append after the failure = %d, %v; want %d, nil", v, err, want)
		}
	}
	for want := 1; want <= 3; want++ {
		select {
		case got := <-seen:
			if got != want {
				t.Fatalf("watcher saw state %d, want %d", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("watcher saw no state %d within 10 s", want)
		}
	}
	if n, err := h.State(ctx); err != nil || n != 3 {
		t.Fatalf("State = %d, %v; want 3, nil", n, err)
	}
	if n := len(s.Records(t, "s")); n != 3 {
		t.Fatalf("%d records stored, want 3", n)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("watcher ended with %v, want context.Canceled", err)
	}
}
