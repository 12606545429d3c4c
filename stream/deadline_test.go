package stream_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// countdown is a context whose deadline passes after it was asked n
// times: a deadline that expires in the middle of a long step, without
// timing.
type countdown struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

// Err answers nil n times; Done is closed at the last of them.
func (c *countdown) Err() error {
	n := c.left.Add(-1)
	if n <= 0 {
		c.once.Do(func() { close(c.done) })
	}
	if n < 0 {
		return context.DeadlineExceeded
	}
	return nil
}

func (c *countdown) Done() <-chan struct{} { return c.done }

// An Append with a caller-supplied ID whose deadline passes while the
// idempotency index is built gives up with the deadline and writes nothing.
func TestAppendHonoursDeadlineDuringIndexBuild(t *testing.T) {
	ctx := context.Background()
	s := openCount(t, newStore(t, stream.Config{}), "long")
	batch := make([]sealstream.Event, 1000)
	for range 20 {
		for i := range batch {
			batch[i] = ev("T", "x")
		}
		if _, err := s.Append(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.Append(newCountdown(10), []sealstream.Event{{ID: "mine", Type: "T", Data: []byte("x")}})
	if !errors.Is(err, context.DeadlineExceeded) || v != 0 {
		t.Fatalf("Append = %d, %v; want 0, DeadlineExceeded", v, err)
	}
	if m, _ := s.Metrics(ctx); m.Version != 20000 {
		t.Fatalf("version %d after a failed Append, want 20000", m.Version)
	}
	if v, err := s.Append(ctx, []sealstream.Event{{ID: "mine", Type: "T", Data: []byte("x")}}); err != nil || v != 20001 {
		t.Fatalf("Append with time = %d, %v; want 20001", v, err)
	}
}

// A call queued behind a commit in progress leaves the queue when its
// context ends, without waiting for that commit.
func TestQueuedAppendHonoursContext(t *testing.T) {
	a := &gatedAEAD{gate: make(chan struct{}), in: make(chan struct{})}
	s := openCount(t, newStore(t, stream.Config{Keys: gatedKeys{a}}), "s")
	ctx := context.Background()
	first := make(chan error, 1)
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "first")}); first <- err }()
	<-a.in // the leader is sealing and holds the stream
	defer close(a.gate)
	res := make(chan error, 1)
	go func() {
		// The deadline passes just after Append's first check: the call
		// queues behind the leader with its deadline already gone.
		v, err := s.Append(newCountdown(1), []sealstream.Event{ev("T", "queued")})
		res <- fmt.Errorf("version %d: %w", v, err)
	}()
	select {
	case err := <-res:
		if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "version 0:") {
			t.Fatalf("queued Append past its deadline = %v, want version 0 and DeadlineExceeded", err)
		}
	case <-time.After(10 * time.Second): // a hang guard: the leader is held until the test ends
		t.Fatal("a queued Append past its deadline waited for the commit ahead of it")
	}
}
