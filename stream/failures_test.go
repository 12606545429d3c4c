package stream_test

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// After a failed fsync poisons the log, closing the stream and opening it
// again gets a fresh log, also with a warm cache.
func TestPoisonedLogIsReopened(t *testing.T) {
	dir := t.TempDir()
	var fail atomic.Bool
	op := func(ctx context.Context, _ string) (adapter.Adapter, error) {
		return file.Open(ctx, dir, &file.Options{Fault: func(o file.Op, _ string, _ int) (int, error) {
			if o == file.OpSync && fail.CompareAndSwap(true, false) {
				return 0, errors.New("EIO")
			}
			return 0, nil
		}})
	}
	st := newStore(t, stream.Config{Plaintext: true, CacheSize: 4, Opener: op})
	ctx := context.Background()
	s, err := stream.Open(ctx, st, "s", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, ev("T", "a"))
	fail.Store(true)
	if _, err := s.Append(ctx, []sealstream.Event{ev("T", "b")}); !errors.Is(err, file.ErrPoisoned) {
		t.Fatalf("Append with a failing fsync = %v, want ErrPoisoned", err)
	}
	_ = s.Close()
	s2 := openCount(t, st, "s")
	if v, err := s2.Append(ctx, []sealstream.Event{ev("T", "c")}); err != nil || v != 2 {
		t.Fatalf("Append after reopening = %d, %v; want 2, nil", v, err)
	}
}

// An oversized call fails alone: a valid call batched with it lands.
func TestOversizedCallFailsAlone(t *testing.T) {
	a := &gatedAEAD{gate: make(chan struct{}), in: make(chan struct{})}
	st := newStore(t, stream.Config{URL: "file://" + t.TempDir(), Keys: gatedKeys{a}, MaxEventSize: 4 << 20})
	s := openCount(t, st, "s")
	ctx := context.Background()
	first := make(chan error, 1)
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "first")}); first <- err }()
	<-a.in
	big, small := make(chan error, 1), make(chan error, 1)
	go func() {
		_, err := s.Append(ctx, []sealstream.Event{{Type: "T", Data: bytes.Repeat([]byte{1}, 3<<20)}})
		big <- err
	}()
	go func() { _, err := s.Append(ctx, []sealstream.Event{ev("T", "small")}); small <- err }()
	time.Sleep(20 * time.Millisecond) // let both queue; the test holds either way
	close(a.gate)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-big; !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("oversized call = %v, want ErrTooLarge", err)
	}
	if err := <-small; err != nil {
		t.Fatalf("valid call batched with an oversized one = %v", err)
	}
}

// An empty Append with an expected version is checked against the log,
// not a head another process has moved since.
func TestEmptyAppendChecksTheLog(t *testing.T) {
	dir := t.TempDir()
	a := newStore(t, stream.Config{URL: "file://" + dir, Plaintext: true})
	b := newStore(t, stream.Config{URL: "file://" + dir, Plaintext: true})
	sa, sb := openCount(t, a, "s"), openCount(t, b, "s")
	mustAppend(t, sa, ev("T", "1"))
	mustAppend(t, sb, ev("T", "2"))
	if v, err := sa.Append(context.Background(), nil, stream.ExpectVersion(1)); !errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("empty Append expecting 1 on a stream at 2 = %d, %v; want ErrConflict", v, err)
	}
	if v, err := sa.Append(context.Background(), nil, stream.ExpectVersion(2)); err != nil || v != 2 {
		t.Fatalf("empty Append expecting 2 = %d, %v", v, err)
	}
}
