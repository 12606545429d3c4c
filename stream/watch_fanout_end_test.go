package stream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/stream"
)

// Watchers following one shared feed end each on its own terms: a break
// at once, the close of their Stream with ErrClosed while the stream's
// other watchers go on, a canceled context with its error; the last one
// out stops the feed's reader (goleak checks that its goroutine is gone).
func TestSharedWatchersEnd(t *testing.T) {
	st := newStore(t, stream.Config{})
	a, b := openCount(t, st, "u"), openCount(t, st, "u")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	onA := fanWatch(t, context.Background(), a)
	onB := fanWatch(t, ctx, b)
	broke := make(chan uint64, 1)
	go func() {
		for e, err := range b.Watch(context.Background()) {
			if err == nil {
				broke <- e.Version
			}
			break
		}
	}()
	waitFollowers(t, a, 3)
	mustAppend(t, a, ev("T", "1"))
	if v := <-broke; v != 1 {
		t.Fatalf("the watcher that breaks got version %d, want 1", v)
	}
	waitFollowers(t, a, 2)
	for _, out := range []chan fanWatched{onA, onB} {
		if w := nextWatched(t, out); w.err != nil || w.e.Version != 1 {
			t.Fatalf("watcher yielded version %d, %v; want 1", w.e.Version, w.err)
		}
	}
	_ = a.Close()
	if w := nextWatched(t, onA); !errors.Is(w.err, sealstream.ErrClosed) {
		t.Fatalf("watcher of the closed Stream: version %d, %v; want ErrClosed", w.e.Version, w.err)
	}
	waitFollowers(t, b, 1)
	mustAppend(t, b, ev("T", "2"))
	if w := nextWatched(t, onB); w.err != nil || w.e.Version != 2 {
		t.Fatalf("watcher of the open Stream: version %d, %v; want 2", w.e.Version, w.err)
	}
	cancel()
	if w := nextWatched(t, onB); !errors.Is(w.err, context.Canceled) {
		t.Fatalf("watcher whose context was canceled: %v, want context.Canceled", w.err)
	}
	waitFollowers(t, b, 0)
}

// A watcher started beyond the head starts the shared feed there; one
// behind that start reads by itself, waiting for changes as a lone watcher
// does rather than trying again and again, and both get their events once
// the log reaches them.
func TestWatcherBehindTheFeedStartWaits(t *testing.T) {
	ad := &readTally{Adapter: mem.New()}
	s := openCount(t, newStore(t, stream.Config{Opener: func(context.Context, string) (adapter.Adapter, error) { return ad, nil }}), "u")
	for range 5 {
		mustAppend(t, s, ev("T", "h"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ahead := fanWatch(t, ctx, s, stream.From(10))
	waitFollowers(t, s, 1)
	behind := fanWatch(t, ctx, s)
	for v := uint64(1); v <= 5; v++ {
		if w := nextWatched(t, behind); w.err != nil || w.e.Version != v {
			t.Fatalf("watcher from 1: version %d, %v; want %d", w.e.Version, w.err, v)
		}
	}
	waitFollowers(t, s, 2)
	time.Sleep(20 * time.Millisecond) // lets it settle; only a busy loop reads much after that
	before := ad.reads.Load()
	time.Sleep(50 * time.Millisecond)
	if n := ad.reads.Load() - before; n > 2 {
		t.Fatalf("%d log reads in 50 ms while nothing was appended", n)
	}
	mustAppend(t, s, benchEvents(10)...)
	for from, out := range map[uint64]chan fanWatched{6: behind, 10: ahead} {
		for v := from; v <= 15; v++ {
			if w := nextWatched(t, out); w.err != nil || w.e.Version != v {
				t.Fatalf("watcher at %d: version %d, %v; want %d", from, w.e.Version, w.err, v)
			}
		}
	}
}
