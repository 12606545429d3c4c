package stream_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// Many appenders to one stream, some of whose contexts end while they are
// queued: every call returns once, a call that succeeded is stored at the
// version it reported, and one that failed is not stored at all.
func TestQueueUnderCancellation(t *testing.T) {
	st := newStore(t, stream.Config{Plaintext: true})
	s := openCount(t, st, "s")
	type outcome struct {
		n   int
		v   uint64
		err error
	}
	const writers, calls = 12, 150
	var mu sync.Mutex
	got := map[string]outcome{}
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range calls {
				n := 1 + rand.IntN(3)
				events := make([]sealstream.Event, n)
				for j := range events {
					events[j] = ev("T", fmt.Sprintf("%d-%d-%d", g, i, j))
				}
				ctx, cancel := context.WithCancel(context.Background())
				if rand.IntN(3) == 0 {
					time.AfterFunc(time.Duration(rand.IntN(200))*time.Microsecond, cancel)
				}
				v, err := s.Append(ctx, events)
				cancel()
				if err != nil && !errors.Is(err, context.Canceled) {
					t.Errorf("Append = %v", err)
				}
				mu.Lock()
				got[fmt.Sprintf("%d-%d", g, i)] = outcome{n, v, err}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	stored := map[string]uint64{}
	for e, err := range s.Read(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := stored[string(e.Data)]; dup {
			t.Fatalf("event %s stored twice", e.Data)
		}
		stored[string(e.Data)] = e.Version
	}
	failed := 0
	for k, o := range got {
		if o.err != nil {
			failed++
		}
		for j := range o.n {
			v, ok := stored[fmt.Sprintf("%s-%d", k, j)]
			switch {
			case o.err != nil && ok:
				t.Fatalf("call %s failed (%v) but its event %d is stored", k, o.err, j)
			case o.err == nil && !ok:
				t.Fatalf("call %s succeeded but its event %d is not stored", k, j)
			case o.err == nil && v != o.v-uint64(o.n-1-j):
				t.Fatalf("call %s reported version %d, its event %d is at %d", k, o.v, j, v)
			}
		}
	}
	t.Logf("%d of %d calls ended with their context", failed, len(got))
}
