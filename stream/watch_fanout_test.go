package stream_test

import (
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// readTally is an in-memory adapter that counts the reads of its logs.
type readTally struct {
	*mem.Adapter
	reads atomic.Int64
}

func (a *readTally) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	return tallyLog{l, &a.reads}, err
}

type tallyLog struct {
	adapter.Log
	n *atomic.Int64
}

func (l tallyLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	l.n.Add(1)
	return l.Log.Read(ctx, from)
}

// fanWatchN starts n watchers of s, each sending what it yields on a channel
// of its own, and waits until they follow the shared feed (s has no other
// watcher).
func fanWatchN(t *testing.T, ctx context.Context, s *stream.Stream[int], n int, opts ...stream.ReadOption) []chan fanWatched {
	t.Helper()
	outs := make([]chan fanWatched, n)
	for i := range outs {
		outs[i] = fanWatch(t, ctx, s, opts...)
	}
	waitFollowers(t, s, n)
	return outs
}

// fanWatch starts a watcher of s that sends what it yields on the channel it
// returns; the test waits for it to end.
func fanWatch(t *testing.T, ctx context.Context, s *stream.Stream[int], opts ...stream.ReadOption) chan fanWatched {
	out := make(chan fanWatched, 1024)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e, err := range s.Watch(ctx, opts...) {
			out <- fanWatched{e, err}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { <-done })
	return out
}

type fanWatched struct {
	e   sealstream.Event
	err error
}

// waitFollowers waits until n watchers of s follow its shared feed.
func waitFollowers(t *testing.T, s *stream.Stream[int], n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); stream.FanSubscribers(s) != n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) { // a hang guard, not a timing claim
			t.Fatalf("%d watchers follow the feed, want %d", stream.FanSubscribers(s), n)
		}
	}
}

// nextWatched returns what a watcher yielded next, failing after a hang guard.
func nextWatched(t *testing.T, ch chan fanWatched) fanWatched {
	t.Helper()
	select {
	case w := <-ch:
		return w
	case <-time.After(10 * time.Second):
		t.Fatal("a watcher yielded nothing for 10 s")
		return fanWatched{}
	}
}

// Ten live watchers cost one read of the log per change and one
// decryption per event, not ten.
func TestWatchersShareOneReadAndDecrypt(t *testing.T) {
	const watchers, appends = 10, 20
	keys := &countingKeys{ring: keyset.NewMemory()}
	ad := &readTally{Adapter: mem.New()}
	st := newStore(t, stream.Config{Keys: keys, Opener: func(context.Context, string) (adapter.Adapter, error) { return ad, nil }})
	s := openCount(t, st, "shared")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outs := fanWatchN(t, ctx, s, watchers)
	keys.opened.Store(0)
	ad.reads.Store(0)
	for i := range appends {
		mustAppend(t, s, ev("T", "a"), ev("T", "b"))
		for _, out := range outs {
			for j := range 2 {
				if w := nextWatched(t, out); w.err != nil || w.e.Version != uint64(2*i+j+1) {
					t.Fatalf("watcher yielded version %d, %v; want %d", w.e.Version, w.err, 2*i+j+1)
				}
			}
		}
	}
	if n := keys.opened.Load(); n != 2*appends {
		t.Errorf("%d payloads decrypted for %d watchers of %d events, want %d", n, watchers, 2*appends, 2*appends)
	}
	if n := ad.reads.Load(); n > appends+1 {
		t.Errorf("%d log reads for %d watchers of %d appends, want at most %d", n, watchers, appends, appends+1)
	}
}

// Watchers started at random versions while appends race each see their
// sequence once, in order, also through a feed window small enough that
// they keep falling out of it and back in.
func TestWatchersFromManyPositions(t *testing.T) {
	const total, watchers = 3000, 12
	defer stream.SetFanWindow(stream.SetFanWindow(32))
	for name, url := range map[string]string{"mem": "mem://", "file": "file://" + t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			seed := time.Now().UnixNano()
			t.Logf("seed: %d", seed)
			rng := rand.New(rand.NewPCG(uint64(seed), 0))
			st := newStore(t, stream.Config{URL: url})
			w := openCount(t, st, "busy")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var wg sync.WaitGroup
			defer wg.Wait()
			errs := make(chan error, watchers)
			for i := range watchers {
				from := uint64(rng.IntN(total) + 1)
				wg.Go(func() {
					want := from
					for e, err := range w.Watch(ctx, stream.From(from)) {
						switch {
						case err != nil:
							errs <- err
							return
						case e.Version != want:
							errs <- errors.New("a gap or a duplicate")
							return
						case want == total:
							errs <- nil
							return
						}
						if want++; i%3 == 0 && want%200 == 0 {
							time.Sleep(5 * time.Millisecond) // a slow consumer
						}
					}
				})
			}
			for range total / 10 {
				if _, err := w.Append(ctx, benchEvents(10)); err != nil {
					t.Fatal(err)
				}
			}
			for range watchers {
				select {
				case err := <-errs:
					if err != nil {
						t.Fatal(err)
					}
				case <-time.After(60 * time.Second): // a hang guard, not a timing claim
					t.Fatal("a watcher never reached the head")
				}
			}
		})
	}
}
