package adaptertest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

func erase(t *testing.T, a adapter.Adapter, id string) {
	t.Helper()
	if err := a.Erase(context.Background(), id); err != nil {
		t.Fatalf("Erase(%q) = %v", id, err)
	}
}

func testErase(t *testing.T, a adapter.Adapter) {
	victims := []string{"victim", "../victim", "Ünïcödé-名前-🎉"}
	others := []string{"victim-2", "victi", "other"}
	for _, id := range append(slices.Clone(victims), others...) {
		fill(t, a, id, 3)
	}
	for _, id := range victims {
		erase(t, a, id)
	}
	if got := list(t, a, ""); !slices.Equal(got, []string{"other", "victi", "victim-2"}) {
		t.Fatalf("Streams after Erase = %q, want the streams not erased", got)
	}
	for _, id := range victims {
		l := OpenLog(t, a, id)
		if h := HeadOf(t, l); h.Version != 0 {
			t.Fatalf("stream %q reopened after Erase has head %d, want 0", id, h.Version)
		}
		if got := ReadAll(t, l, 1); len(got) != 0 {
			t.Fatalf("stream %q reopened after Erase has %d records", id, len(got))
		}
		recs := Records(id, 0, 2, nil)
		appendOK(t, l, 0, recs)
		sameRecords(t, ReadAll(t, l, 1), recs)
	}
	for _, id := range others {
		sameRecords(t, ReadAll(t, OpenLog(t, a, id), 1), Records(id, 0, 3, nil))
	}
}

func testEraseMissing(t *testing.T, a adapter.Adapter) {
	erase(t, a, "never-opened")
	erase(t, a, "never-opened")
	OpenLog(t, a, "opened-empty")
	erase(t, a, "opened-empty")
	fill(t, a, "twice", 2)
	erase(t, a, "twice")
	erase(t, a, "twice")
	if got := list(t, a, ""); len(got) != 0 {
		t.Fatalf("Streams after erasing everything = %q", got)
	}
}

func testEraseCloses(t *testing.T, a adapter.Adapter) {
	l1, l2 := OpenLog(t, a, "held"), OpenLog(t, a, "held")
	appendOK(t, l1, 0, Records("held", 0, 2, nil))
	changed := l2.Changed()
	erase(t, a, "held")
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("Changed() channel not closed by Erase")
	}
	for _, l := range []adapter.Log{l1, l2} {
		isErr(t, "Append after Erase", l.Append(context.Background(), 2, Records("held", 2, 1, nil)), sealstream.ErrClosed)
		isErr(t, "Append at 0 after Erase", l.Append(context.Background(), 0, Records("held", 0, 1, nil)), sealstream.ErrClosed)
		_, err := l.Head(context.Background())
		isErr(t, "Head after Erase", err, sealstream.ErrClosed)
		n := 0
		for _, err := range l.Read(context.Background(), 1) {
			n++
			isErr(t, "Read after Erase", err, sealstream.ErrClosed)
		}
		if n != 1 {
			t.Fatalf("Read after Erase yielded %d items, want one error", n)
		}
		if err := l.Close(); err != nil {
			t.Fatalf("Close after Erase = %v", err)
		}
	}
	if h := HeadOf(t, OpenLog(t, a, "held")); h.Version != 0 {
		t.Fatalf("head after Erase = %d, want 0", h.Version)
	}
}

// testEraseInFlight erases a stream while appenders on handles opened
// before are busy: each ends with ErrClosed, and none lands after Erase.
func testEraseInFlight(t *testing.T, a adapter.Adapter) {
	const writers = 4
	var wg sync.WaitGroup
	started := make(chan struct{}, writers)
	errs := make(chan error, writers)
	for w := range writers {
		l := OpenLog(t, a, "busy")
		wg.Go(func() { errs <- appendUntilError(l, w, started) })
	}
	for range writers {
		<-started
	}
	erase(t, a, "busy")
	wg.Wait()
	close(errs)
	for err := range errs {
		isErr(t, "Append racing Erase", err, sealstream.ErrClosed)
	}
	if h := HeadOf(t, OpenLog(t, a, "busy")); h.Version != 0 {
		t.Fatalf("head after Erase = %d: an append landed after Erase returned", h.Version)
	}
}

// appendUntilError appends one record at a time through l, signalling
// started after its first success, until an error other than a conflict.
func appendUntilError(l adapter.Log, w int, started chan<- struct{}) error {
	signalled := false
	for {
		h, err := l.Head(context.Background())
		if err != nil {
			return err
		}
		recs := Records("busy", h.Version, 1, nil)
		recs[0].ID += "-w" + string(rune('a'+w))
		err = l.Append(context.Background(), h.Version, recs)
		switch {
		case err == nil && !signalled:
			signalled = true
			started <- struct{}{}
		case err != nil && !errors.Is(err, sealstream.ErrConflict):
			if !signalled {
				started <- struct{}{}
			}
			return err
		}
	}
}

func testEraseAfterClose(t *testing.T, a adapter.Adapter) {
	fill(t, a, "kept", 1)
	if err := a.Close(); err != nil {
		t.Fatalf("adapter Close() = %v", err)
	}
	isErr(t, "Erase after adapter Close", a.Erase(context.Background(), "kept"), sealstream.ErrClosed)
}
