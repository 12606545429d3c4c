package adaptertest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

func testEmpty(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "empty")
	if h := HeadOf(t, l); h.Version != 0 {
		t.Fatalf("Head().Version = %d, want 0", h.Version)
	}
	if got := ReadAll(t, l, 1); len(got) != 0 {
		t.Fatalf("Read(1) on empty log yielded %d records", len(got))
	}
}

func testAppendRead(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "s")
	recs := Records("s", 0, 3, nil)
	appendOK(t, l, 0, recs[:1])
	appendOK(t, l, 1, recs[1:])
	sameRecords(t, ReadAll(t, l, 1), recs)
	h := HeadOf(t, l)
	if h.Version != 3 || !h.Last.Equal(recs[2]) {
		t.Fatalf("Head() = %d %+v, want 3 %+v", h.Version, h.Last, recs[2])
	}
	if h.Bytes <= 0 {
		t.Fatalf("Head().Bytes = %d, want > 0", h.Bytes)
	}
	plain := []codec.Record{{Version: 4, ID: "bare", Type: "T", Prev: codec.Hash("s", &recs[2])}}
	appendOK(t, l, 3, plain)
	sameRecords(t, ReadAll(t, l, 4), plain)
}

func testConflict(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "c")
	recs := Records("c", 0, 4, nil)
	appendOK(t, l, 0, recs[:2])
	for _, expect := range []uint64{0, 1, 3, 100} {
		shifted := Records("c", expect, 2, nil)
		isErr(t, "Append at wrong head", l.Append(context.Background(), expect, shifted), sealstream.ErrConflict)
	}
	sameRecords(t, ReadAll(t, l, 1), recs[:2])
	appendOK(t, l, 2, recs[2:])
	sameRecords(t, ReadAll(t, l, 1), recs)
}

func testReadFrom(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "r")
	recs := Records("r", 0, 10, nil)
	appendOK(t, l, 0, recs)
	for from := uint64(0); from <= 12; from++ {
		got := ReadAll(t, l, from)
		start := min(max(from, 1)-1, 10)
		sameRecords(t, got, recs[start:])
	}
}

func testReadBreak(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "b")
	appendOK(t, l, 0, Records("b", 0, 5, nil))
	n := 0
	for _, err := range l.Read(context.Background(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatalf("read %d records before break, want 2", n)
	}
}

func testChanged(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "w")
	other := OpenLog(t, a, "w")
	for i, writer := range []adapter.Log{l, other} {
		ch := l.Changed()
		appendOK(t, writer, uint64(i), Records("w", uint64(i), 1, nil))
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("Changed() not signalled after append %d", i+1)
		}
	}
}

func testShared(t *testing.T, a adapter.Adapter) {
	l1, l2 := OpenLog(t, a, "shared"), OpenLog(t, a, "shared")
	recs := Records("shared", 0, 2, nil)
	appendOK(t, l1, 0, recs[:1])
	isErr(t, "Append on second handle at stale head", l2.Append(context.Background(), 0, recs[:1]), sealstream.ErrConflict)
	appendOK(t, l2, 1, recs[1:])
	sameRecords(t, ReadAll(t, l1, 1), recs)
}

func testIsolated(t *testing.T, a adapter.Adapter) {
	x, y := OpenLog(t, a, "x"), OpenLog(t, a, "y")
	appendOK(t, x, 0, Records("x", 0, 3, nil))
	if h := HeadOf(t, y); h.Version != 0 {
		t.Fatalf("stream y has head %d after appends to x", h.Version)
	}
	appendOK(t, y, 0, Records("y", 0, 1, nil))
	if got := len(ReadAll(t, x, 1)); got != 3 {
		t.Fatalf("stream x has %d records, want 3", got)
	}
}

func testConcurrent(t *testing.T, a adapter.Adapter) {
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		l := OpenLog(t, a, "conc")
		wg.Go(func() {
			for done := 0; done < each; {
				h, err := l.Head(context.Background())
				if err != nil {
					errs <- err
					return
				}
				recs := Records("conc", h.Version, 1, nil)
				recs[0].ID = recs[0].ID + "-w" + string(rune('a'+w))
				err = l.Append(context.Background(), h.Version, recs)
				if err == nil {
					done++
				} else if !isConflict(err) {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := ReadAll(t, OpenLog(t, a, "conc"), 1)
	if len(got) != writers*each {
		t.Fatalf("got %d records, want %d", len(got), writers*each)
	}
	for i, r := range got {
		if r.Version != uint64(i)+1 {
			t.Fatalf("record %d has version %d", i, r.Version)
		}
	}
}

func testClose(t *testing.T, a adapter.Adapter) {
	l, err := a.Open(context.Background(), "closing")
	if err != nil {
		t.Fatal(err)
	}
	appendOK(t, l, 0, Records("closing", 0, 1, nil))
	if err := l.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	isErr(t, "Append after Close", l.Append(context.Background(), 1, Records("closing", 1, 1, nil)), sealstream.ErrClosed)
	_, err = l.Head(context.Background())
	isErr(t, "Head after Close", err, sealstream.ErrClosed)
	for _, err := range l.Read(context.Background(), 1) {
		isErr(t, "Read after Close", err, sealstream.ErrClosed)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("adapter Close() = %v", err)
	}
	_, err = a.Open(context.Background(), "closing")
	isErr(t, "Open after adapter Close", err, sealstream.ErrClosed)
}

func testCanceled(t *testing.T, a adapter.Adapter) {
	l := OpenLog(t, a, "ctx")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	isErr(t, "Append with canceled context", l.Append(ctx, 0, Records("ctx", 0, 1, nil)), context.Canceled)
	if h := HeadOf(t, l); h.Version != 0 {
		t.Fatalf("canceled Append stored records: head %d", h.Version)
	}
}

func isConflict(err error) bool { return errors.Is(err, sealstream.ErrConflict) }
