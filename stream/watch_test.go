package stream_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// versions folds the versions seen, to check order, gaps and duplicates.
func versions() fold.Fold[[]uint64] {
	return func(vs []uint64, e sealstream.Event) []uint64 {
		return append(vs[:len(vs):len(vs)], e.Version)
	}
}

func openVersions(t *testing.T, st *stream.Store, id string) *stream.Stream[[]uint64] {
	t.Helper()
	s, err := stream.Open(context.Background(), st, id, versions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func wantSeq(t *testing.T, got []uint64, from, to uint64) {
	t.Helper()
	if uint64(len(got)) != to-from+1 {
		t.Fatalf("got versions %v, want %d..%d", got, from, to)
	}
	for i, v := range got {
		if v != from+uint64(i) {
			t.Fatalf("got versions %v, want %d..%d", got, from, to)
		}
	}
}

// Seed tests 5 and 6: replay of the history then live appends, from the
// start and from the middle.
func TestReadAndWatchReplayThenLive(t *testing.T) {
	for _, from := range []uint64{1, 3, 6} {
		t.Run(fmt.Sprint("from ", from), func(t *testing.T) {
			s := openVersions(t, newStore(t, stream.Config{}), "u")
			for range 5 {
				mustAppend(t, s, ev("T", "h"))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var wg sync.WaitGroup
			wg.Go(func() {
				for range 3 {
					mustAppend(t, s, ev("T", "live"))
				}
			})
			states := collectN(t, s.ReadAndWatch(ctx, stream.From(from)), int(8-from+1))
			wg.Wait()
			wantSeq(t, states[len(states)-1], from, 8)
		})
	}
}

// Seed test 7: events appended while the history is being yielded arrive
// once each, in order.
func TestReadAndWatchAppendDuringReplay(t *testing.T) {
	s := openVersions(t, newStore(t, stream.Config{}), "u")
	for range 10 {
		mustAppend(t, s, ev("T", "h"))
	}
	var last []uint64
	for st, err := range s.ReadAndWatch(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n := len(st); n <= 5 {
			mustAppend(t, s, ev("T", "during")) // appended while replaying
		}
		if last = st; len(st) == 15 {
			break
		}
	}
	wantSeq(t, last, 1, 15)
}

// 8 goroutines append while ReadAndWatch replays: every version arrives
// exactly once, in order.
func TestReadAndWatchConcurrentAppenders(t *testing.T) {
	const writers, each = 8, 50
	st := newStore(t, stream.Config{})
	s := openVersions(t, st, "u")
	mustAppend(t, s, ev("T", "first"))
	var wg sync.WaitGroup
	for w := range writers {
		w2 := openCount(t, st, "u")
		wg.Go(func() {
			for i := range each {
				if _, err := w2.Append(context.Background(), []sealstream.Event{ev("T", fmt.Sprint(w, i))}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	states := collectN(t, s.ReadAndWatch(context.Background()), writers*each+1)
	wg.Wait()
	wantSeq(t, states[len(states)-1], 1, writers*each+1)
}

func TestReadAndWatchEnds(t *testing.T) {
	st := newStore(t, stream.Config{})
	t.Run("context canceled", func(t *testing.T) {
		s := openCount(t, st, "cancel")
		mustAppend(t, s, ev("T", "x"))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var errs []error
		for _, err := range s.ReadAndWatch(ctx) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cancel()
		}
		if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Fatalf("errors = %v, want one context.Canceled", errs)
		}
	})
	t.Run("stream closed", func(t *testing.T) {
		s := openCount(t, st, "close")
		done := make(chan error, 1)
		go func() {
			for _, err := range s.ReadAndWatch(context.Background()) {
				done <- err
				return
			}
		}()
		time.Sleep(10 * time.Millisecond) // let the watcher block; the test passes either way
		_ = s.Close()
		if err := <-done; !errors.Is(err, sealstream.ErrClosed) {
			t.Fatalf("watch ended with %v, want ErrClosed", err)
		}
	})
	t.Run("consumer breaks", func(t *testing.T) {
		s := openCount(t, st, "break")
		mustAppend(t, s, ev("T", "a"), ev("T", "b"), ev("T", "c"))
		n := 0
		for _, err := range s.ReadAndWatch(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 1 {
				break
			}
		}
		// Had the iterator yielded again after the break, the runtime would
		// have panicked; goleak checks that its goroutines are gone.
	})
}

// Where folds only the matching events; the others are never decrypted.
func TestReadAndWatchWhere(t *testing.T) {
	keys := &countingKeys{ring: keyset.NewMemory()}
	s := openVersions(t, newStore(t, stream.Config{Keys: keys}), "u")
	mustAppend(t, s,
		sealstream.Event{Type: "Claim", Metadata: map[string]string{"policy": "home"}},
		sealstream.Event{Type: "Sub", Metadata: map[string]string{"policy": "home"}},
		sealstream.Event{Type: "Claim", Metadata: map[string]string{"policy": "car"}},
		sealstream.Event{Type: "Claim", Metadata: map[string]string{"policy": "home", "x": "y"}},
	)
	states := collectN(t, s.ReadAndWatch(context.Background(),
		stream.Where([]string{"Claim"}, map[string]string{"policy": "home"})), 2)
	if got := states[1]; len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Fatalf("filtered versions = %v, want [1 4]", got)
	}
	if n := keys.opened.Load(); n != 2 {
		t.Fatalf("%d payloads decrypted, want only the 2 that match", n)
	}
}
