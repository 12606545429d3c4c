package stream_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// seqCheck folds versions and remembers whether each followed the one before.
type seqCheck struct {
	first, last uint64
	broken      bool
}

func checkSeq(s seqCheck, e sealstream.Event) seqCheck {
	if s.first == 0 {
		s.first = e.Version
	} else if e.Version != s.last+1 {
		s.broken = true
	}
	s.last = e.Version
	return s
}

// TESTING.md row 6: 20 watchers started at random versions during 10,000
// live appends, 5 of them slow, each see exactly their expected sequence;
// closing the store ends them all.
func TestManyWatchers(t *testing.T) {
	const total, watchers, slow = 10000, 20, 5
	for name, url := range map[string]string{"mem": "mem://", "file": "file://" + t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			seed := time.Now().UnixNano()
			t.Logf("seed: %d", seed)
			rng := rand.New(rand.NewPCG(uint64(seed), 0))
			st, err := stream.NewStore(context.Background(), stream.Config{URL: url, Keys: keyset.NewMemory()})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			w := openCount(t, st, "busy")
			var wg sync.WaitGroup
			results := make([]seqCheck, watchers)
			ended := make([]error, watchers)
			reached := make(chan int, watchers)
			for i := range watchers {
				from := uint64(rng.IntN(total) + 1)
				s, err := stream.Open(context.Background(), st, "busy", checkSeq, seqCheck{})
				if err != nil {
					t.Fatal(err)
				}
				wg.Go(func() {
					for got, err := range s.ReadAndWatch(context.Background(), stream.From(from)) {
						if err != nil {
							ended[i] = err
							return
						}
						results[i] = got
						if got.first != from || got.broken {
							ended[i] = errors.New("wrong sequence")
							reached <- i
							return
						}
						if got.last == total {
							reached <- i
						}
						if i < slow && got.last%500 == 0 {
							time.Sleep(time.Millisecond) // a slow consumer
						}
					}
				})
			}
			batch := make([]sealstream.Event, 10)
			for i := range batch {
				batch[i] = ev("Tick", "t")
			}
			for range total / len(batch) {
				if _, err := w.Append(context.Background(), batch); err != nil {
					t.Fatal(err)
				}
			}
			for range watchers { // every watcher reaches the head (a hang guard, not a timing claim)
				select {
				case <-reached:
				case <-time.After(60 * time.Second):
					t.Fatal("a watcher never reached the head")
				}
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			_ = st.Close()
			select {
			case <-done:
			case <-time.After(10 * time.Second): // a hang guard, not a timing claim
				t.Fatal("watchers did not end after Close")
			}
			for i, r := range results {
				if r.last != total || r.broken || !errors.Is(ended[i], sealstream.ErrClosed) {
					t.Errorf("watcher %d: %+v, ended with %v", i, r, ended[i])
				}
			}
		})
	}
}
