package stream_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// failingAdapter is the in-memory adapter whose logs fail the next append
// when fail is set, as a full disk would.
type failingAdapter struct {
	*mem.Adapter
	fail *atomic.Bool
}

func (a failingAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	return failingLog{l, a.fail}, err
}

type failingLog struct {
	adapter.Log
	fail *atomic.Bool
}

func (l failingLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if l.fail.CompareAndSwap(true, false) {
		return errors.New("no space left on device")
	}
	return l.Log.Append(ctx, expect, recs)
}

// failingStores returns stores whose next append fails once fail is set:
// in memory, and on files whose fsync fails.
func failingStores(t *testing.T, fail *atomic.Bool) map[string]*stream.Store {
	m := failingAdapter{mem.New(), fail}
	dir := t.TempDir()
	onFile := func(ctx context.Context, _ string) (adapter.Adapter, error) {
		return file.Open(ctx, dir, &file.Options{Fault: func(o file.Op, _ string, _ int) (int, error) {
			if o == file.OpSync && fail.CompareAndSwap(true, false) {
				return 0, errors.New("no space left on device")
			}
			return 0, nil
		}})
	}
	return map[string]*stream.Store{
		"mem":  newStore(t, stream.Config{Opener: func(context.Context, string) (adapter.Adapter, error) { return m, nil }}),
		"file": newStore(t, stream.Config{Opener: onFile}),
	}
}

// A failed Append returns version 0, and the next Append on the same
// stream (no reopen) lands at the version the failed one did not take; a
// watcher started before the failure sees every acknowledged event once.
func TestFailedAppendReturnsZeroAndNextAppendRecovers(t *testing.T) {
	ctx := context.Background()
	var fail atomic.Bool
	for name, st := range failingStores(t, &fail) {
		t.Run(name, func(t *testing.T) {
			s := openCount(t, st, "s")
			watch, cancel := context.WithCancel(ctx)
			defer cancel()
			seen := make(chan int, 16)
			done := make(chan error, 1)
			go func() {
				for n, err := range s.ReadAndWatch(watch) {
					if err != nil {
						done <- err
						return
					}
					seen <- n
				}
			}()
			mustAppend(t, s, ev("T", "1"))
			fail.Store(true)
			if v, err := s.Append(ctx, []sealstream.Event{ev("T", "lost")}); err == nil || v != 0 {
				t.Fatalf("Append on a full disk = %d, %v; want 0 and an error", v, err)
			}
			for i := 2; i <= 3; i++ {
				if v, err := s.Append(ctx, []sealstream.Event{ev("T", "next")}); err != nil || v != uint64(i) {
					t.Fatalf("Append %d after the failure = %d, %v; want %d, nil", i, v, err, i)
				}
			}
			for want := 1; want <= 3; want++ {
				if got := <-seen; got != want {
					t.Fatalf("watcher saw state %d, want %d", got, want)
				}
			}
			if n, err := s.State(ctx); err != nil || n != 3 {
				t.Fatalf("State = %d, %v; want 3", n, err)
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("watcher ended with %v", err)
			}
		})
	}
}
