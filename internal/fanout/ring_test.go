package fanout_test

import (
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream/internal/fanout"
)

// Items come back at the positions they were published at, in order, and
// the position after the last is Pending.
func TestRingOrder(t *testing.T) {
	r := fanout.NewRing(fanout.Limits[int]{Items: 8}, 5)
	r.Publish(50, 60)
	r.Publish(70)
	for pos, want := range map[uint64]int{5: 50, 6: 60, 7: 70} {
		if got, st := r.Get(pos); st != fanout.Ready || got != want {
			t.Errorf("Get(%d) = %d, %v; want %d, Ready", pos, got, st, want)
		}
	}
	if _, st := r.Get(8); st != fanout.Pending {
		t.Errorf("Get(8) = %v, want Pending", st)
	}
	if r.Start() != 5 || r.Next() != 8 {
		t.Errorf("Start, Next = %d, %d; want 5, 8", r.Start(), r.Next())
	}
}

// A reader more than the ring's size behind finds its position Behind, as
// does one before the start; the publisher never waited for it.
func TestRingBehind(t *testing.T) {
	r := fanout.NewRing(fanout.Limits[uint64]{Items: 4}, 1)
	for pos := uint64(1); pos <= 10; pos++ {
		r.Publish(pos * 10)
	}
	for pos := uint64(0); pos <= 10; pos++ {
		got, st := r.Get(pos)
		switch {
		case pos <= 6 && st != fanout.Behind:
			t.Errorf("Get(%d) = %d, %v; want Behind", pos, got, st)
		case pos > 6 && (st != fanout.Ready || got != pos*10):
			t.Errorf("Get(%d) = %d, %v; want %d, Ready", pos, got, st, pos*10)
		}
	}
}

// A ring with a cost limit drops its oldest items once the newest cost
// more than the limit together, but always holds the newest one.
func TestRingCostLimit(t *testing.T) {
	r := fanout.NewRing(fanout.Limits[int]{Items: 64, Bytes: 10, Cost: func(v int) int64 { return int64(v) }}, 1)
	r.Publish(4, 4, 4)
	want := map[uint64]fanout.State{1: fanout.Behind, 2: fanout.Ready, 3: fanout.Ready}
	for pos, st := range want {
		if _, got := r.Get(pos); got != st {
			t.Errorf("after 4, 4, 4 within 10: Get(%d) = %v, want %v", pos, got, st)
		}
	}
	r.Publish(20)
	want = map[uint64]fanout.State{2: fanout.Behind, 3: fanout.Behind, 4: fanout.Ready}
	for pos, st := range want {
		if _, got := r.Get(pos); got != st {
			t.Errorf("after 20 within 10: Get(%d) = %v, want %v", pos, got, st)
		}
	}
	r.Publish(1, 2)
	want = map[uint64]fanout.State{4: fanout.Behind, 5: fanout.Ready, 6: fanout.Ready}
	for pos, st := range want {
		if _, got := r.Get(pos); got != st {
			t.Errorf("after 1, 2 within 10: Get(%d) = %v, want %v", pos, got, st)
		}
	}
}

// Close keeps what was published readable, makes the rest Closed, wakes
// waiters, and stops further publishing.
func TestRingClose(t *testing.T) {
	r := fanout.NewRing(fanout.Limits[int]{Items: 4}, 1)
	r.Publish(1)
	wake := r.Changed()
	r.Close()
	r.Close()
	r.Publish(2)
	select {
	case <-wake:
	default:
		t.Fatal("a waiter was not woken by Close")
	}
	select {
	case <-r.Changed():
	default:
		t.Fatal("Changed after Close is not closed")
	}
	if v, st := r.Get(1); st != fanout.Ready || v != 1 {
		t.Errorf("Get(1) after Close = %d, %v; want 1, Ready", v, st)
	}
	if _, st := r.Get(2); st != fanout.Closed {
		t.Errorf("Get(2) after Close = %v, want Closed", st)
	}
}

// A channel taken before Get is closed by the next publish: a waiter that
// found nothing misses no item.
func TestRingChangedWakesOncePerPublish(t *testing.T) {
	r := fanout.NewRing(fanout.Limits[int]{Items: 4}, 1)
	wake := r.Changed()
	if _, st := r.Get(1); st != fanout.Pending {
		t.Fatalf("Get(1) = %v, want Pending", st)
	}
	select {
	case <-wake:
		t.Fatal("woken before any publish")
	default:
	}
	r.Publish(1, 2, 3)
	<-wake
	next := r.Changed()
	select {
	case <-next:
		t.Fatal("the channel after a publish is already closed")
	default:
	}
}

// The publisher runs at full speed while readers, some of them slow, read
// at their own pace: each sees every position once, in order, taking the
// ones it fell behind on from the source instead of the ring; the
// publisher never waited for them.
func TestRingSlowReadersFallBack(t *testing.T) {
	const total, readers = 20000, 8
	r := fanout.NewRing(fanout.Limits[uint64]{Items: 64}, 1)
	var wg sync.WaitGroup
	fellBack := make([]int, readers)
	for i := range readers {
		wg.Go(func() {
			pos := uint64(1)
			for pos <= total {
				wake := r.Changed()
				v, st := r.Get(pos)
				switch st {
				case fanout.Ready:
					if v != pos*3 {
						t.Errorf("reader %d: position %d holds %d", i, pos, v)
						return
					}
					pos++
					if i%2 == 1 && pos%1000 == 0 {
						time.Sleep(time.Millisecond) // a slow reader
					}
				case fanout.Pending:
					<-wake
				case fanout.Behind:
					fellBack[i]++
					pos = min(r.Next(), total+1) // as if read from the source up to there
				default:
					t.Errorf("reader %d: position %d is %v", i, pos, st)
					return
				}
			}
		})
	}
	start := time.Now()
	for pos := uint64(1); pos <= total; pos += 4 {
		r.Publish(pos*3, (pos+1)*3, (pos+2)*3, (pos+3)*3)
	}
	published := time.Since(start)
	wg.Wait()
	slow := 0
	for i := 1; i < readers; i += 2 {
		slow += fellBack[i]
	}
	if slow == 0 {
		t.Errorf("no slow reader fell behind a 64-item ring in %d items (publishing took %v)", total, published)
	}
}
