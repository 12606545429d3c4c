package fanout_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/internal/fanout"
)

// counter is a producer that counts its runs and publishes its position
// on demand.
type counter struct {
	started, running atomic.Int64
	fail             atomic.Bool // return on the next nudge, as a failed producer does
	nudge            chan struct{}
}

func (c *counter) run(ctx context.Context, r *fanout.Ring[uint64]) {
	c.started.Add(1)
	c.running.Add(1)
	defer c.running.Add(-1)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.nudge:
			if c.fail.Load() {
				return
			}
			r.Publish(r.Next())
		}
	}
}

// The producer starts with the first subscriber, is shared by the next,
// and has returned when the last leave returns; a second call of a leave
// function counts nothing.
func TestHubRunsWhileSubscribed(t *testing.T) {
	c := &counter{nudge: make(chan struct{})}
	h := fanout.NewHub(fanout.Limits[uint64]{Items: 16}, c.run)
	r1, leave1 := h.Join(7)
	r2, leave2 := h.Join(100)
	wake := r1.Changed()
	c.nudge <- struct{}{} // received by the running producer
	<-wake
	if r1 != r2 || r1.Start() != 7 || c.started.Load() != 1 {
		t.Fatalf("two joins: same ring %v, start %d, %d runs; want true, 7, 1", r1 == r2, r1.Start(), c.started.Load())
	}
	if v, st := r1.Get(7); st != fanout.Ready || v != 7 {
		t.Fatalf("Get(7) = %d, %v; want 7, Ready", v, st)
	}
	leave1()
	leave1()
	if h.Subscribers() != 1 || c.running.Load() != 1 {
		t.Fatalf("after one leave (twice): %d subscribers, %d running; want 1, 1", h.Subscribers(), c.running.Load())
	}
	leave2()
	if h.Subscribers() != 0 || c.running.Load() != 0 {
		t.Fatalf("after the last leave: %d subscribers, %d running; want 0, 0", h.Subscribers(), c.running.Load())
	}
	if _, st := r1.Get(8); st != fanout.Closed {
		t.Fatalf("the stopped producer's ring: Get(8) = %v, want Closed", st)
	}
	r3, leave3 := h.Join(9)
	defer leave3()
	c.nudge <- struct{}{}
	if r3 == r1 || r3.Start() != 9 || c.started.Load() != 2 {
		t.Fatalf("join after the last leave: new ring %v, start %d, %d runs; want true, 9, 2", r3 != r1, r3.Start(), c.started.Load())
	}
}

// A producer that returns on its own closes its ring; the next Join starts
// another on a new ring.
func TestHubRestartsAfterProducerReturns(t *testing.T) {
	c := &counter{nudge: make(chan struct{})}
	h := fanout.NewHub(fanout.Limits[uint64]{Items: 16}, c.run)
	r1, leave1 := h.Join(1)
	defer leave1()
	c.fail.Store(true)
	wake := r1.Changed()
	c.nudge <- struct{}{}
	<-wake
	if _, st := r1.Get(1); st != fanout.Closed {
		t.Fatalf("Get(1) on a failed producer's ring = %v, want Closed", st)
	}
	c.fail.Store(false)
	r2, leave2 := h.Join(1)
	defer leave2()
	c.nudge <- struct{}{}
	if r2 == r1 || c.started.Load() != 2 {
		t.Fatalf("join after a failure: new ring %v, %d runs; want true, 2", r2 != r1, c.started.Load())
	}
}

// Joins and leaves race from many goroutines: a ring stays open while a
// subscriber holds it, and once all have left no producer runs (goleak
// checks that its goroutine is gone too).
func TestHubJoinLeaveRace(t *testing.T) {
	c := &counter{nudge: make(chan struct{})}
	h := fanout.NewHub(fanout.Limits[uint64]{Items: 16}, c.run)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			type held struct {
				r     *fanout.Ring[uint64]
				leave func()
			}
			var subs []held
			for range 300 {
				if len(subs) == 0 || rng.IntN(2) == 0 {
					r, leave := h.Join(uint64(g))
					subs = append(subs, held{r, leave})
					continue
				}
				i := rng.IntN(len(subs))
				if _, st := subs[i].r.Get(subs[i].r.Start()); st == fanout.Closed {
					t.Error("a ring was closed while a subscriber held it")
				}
				subs[i].leave()
				subs = append(subs[:i], subs[i+1:]...)
			}
			for _, s := range subs {
				s.leave()
			}
		})
	}
	wg.Wait()
	if h.Subscribers() != 0 || c.running.Load() != 0 {
		t.Fatalf("after every leave: %d subscribers, %d producers running; want 0, 0", h.Subscribers(), c.running.Load())
	}
	if c.started.Load() == 0 {
		t.Fatal("no producer ever started")
	}
}
