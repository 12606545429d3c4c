package file_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// failingCut fails the next fsync of stream file name once armed, and every
// truncate of it while cutFails is set.
type failingCut struct {
	name            string
	armed, cutFails atomic.Bool
	cuts            []file.Recovery
}

func (f *failingCut) options() *file.Options {
	return &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { f.cuts = append(f.cuts, r) },
		Fault: func(op file.Op, name string, n int) (int, error) {
			switch {
			case name != f.name:
			case op == file.OpSync && f.armed.CompareAndSwap(true, false):
				return 0, errInjected
			case op == file.OpTruncate && f.cutFails.Load():
				return 0, errInjected
			}
			return 0, nil
		}}
}

// failBatch appends recs[:1], then fails the fsync and the cut of the
// batch recs[1:], and checks the batch is in the file, whole, yet not read.
func (f *failingCut) failBatch(t *testing.T, l adapter.Log, recs []codec.Record) adapter.Head {
	t.Helper()
	mustf(t, l.Append(context.Background(), 0, recs[:1]), "append")
	f.armed.Store(true)
	f.cutFails.Store(true)
	err := l.Append(context.Background(), 1, recs[1:])
	if !errors.Is(err, errInjected) || !errors.Is(err, file.ErrPoisoned) {
		t.Fatalf("append with failing fsync and truncate: error = %v, want the fault and ErrPoisoned", err)
	}
	h, err := l.Head(context.Background())
	if err != nil || h.Version != 1 {
		t.Fatalf("Head() of the poisoned handle = %d, %v; want 1", h.Version, err)
	}
	if fi, err := os.Stat(h.File); err != nil || fi.Size() <= h.Bytes {
		t.Fatalf("the failed batch is not in the file (%v): the test shows nothing", err)
	}
	sameRecords(t, readAll(t, l), recs[:1])
	return h
}

// TestFailedBatchCutOnNextOpen fails an fsync and the truncate that should
// cut the batch: the batch stays in the file, but the poisoned handle does
// not read it, a writer of another adapter (another process) cannot
// append after it, the next Open on the adapter cuts it (and fails while
// the cut still fails), and a reader that indexed it meanwhile reports
// ErrCorrupt until reopened.
func TestFailedBatchCutOnNextOpen(t *testing.T) {
	dir := t.TempDir()
	f := &failingCut{name: "held.jsonl"}
	a := openAdapter(t, dir, f.options())
	l := openLog(t, a, "held")
	recs := adaptertest.Records("held", 0, 4, nil)
	h := f.failBatch(t, l, recs)

	reader := openLog(t, openAdapter(t, dir, quiet()), "held") // sees the batch before its cut
	ctx, cancel := context.WithCancel(context.Background())
	wctx := &waitingCtx{Context: ctx, waiting: make(chan struct{})}
	blocked := make(chan error)
	go func() { blocked <- reader.Append(wctx, 4, adaptertest.Records("held", 4, 1, nil)) }()
	<-wctx.waiting
	cancel()
	wantErr(t, "append by another adapter while the batch is held", <-blocked, context.Canceled)

	_, err := a.Open(context.Background(), "held")
	wantErr(t, "open while the cut still fails", err, errInjected)
	f.cutFails.Store(false)
	l2 := openLog(t, a, "held")
	if len(f.cuts) != 1 || f.cuts[0].Offset != h.Bytes || !strings.Contains(f.cuts[0].Reason, "failed append") {
		t.Fatalf("cuts = %+v, want the failed batch cut at %d", f.cuts, h.Bytes)
	}
	sameRecords(t, readAll(t, l2), recs[:1])
	mustf(t, l2.Append(context.Background(), 1, recs[1:2]), "append after the cut")
	sameRecords(t, readAll(t, l), recs[:2]) // the poisoned handle reads on
	_, err = reader.Head(context.Background())
	wantErr(t, "head of a reader that indexed the cut batch", err, sealstream.ErrCorrupt)

	b := openAdapter(t, dir, quiet())
	sameRecords(t, readAll(t, openLog(t, b, "held")), recs[:2])
	if b.Recovered() != 0 {
		t.Fatalf("a fresh adapter had %d tails to cut", b.Recovered())
	}
}

// TestFailedBatchCutOnClose fails an fsync and the truncate that should cut
// the batch, then closes the handle and the adapter without opening the
// stream again: Close cuts the batch.
func TestFailedBatchCutOnClose(t *testing.T) {
	dir := t.TempDir()
	f := &failingCut{name: "held.jsonl"}
	a, err := file.Open(context.Background(), dir, f.options())
	mustf(t, err, "open adapter")
	l, err := a.Open(context.Background(), "held")
	mustf(t, err, "open")
	recs := adaptertest.Records("held", 0, 4, nil)
	h := f.failBatch(t, l, recs)
	f.cutFails.Store(false)
	mustf(t, l.Close(), "close the log")
	mustf(t, a.Close(), "close the adapter")
	if len(f.cuts) != 1 || f.cuts[0].Offset != h.Bytes {
		t.Fatalf("cuts = %+v, want the failed batch cut at %d", f.cuts, h.Bytes)
	}
	b := openAdapter(t, dir, quiet())
	sameRecords(t, readAll(t, openLog(t, b, "held")), recs[:1])
	if b.Recovered() != 0 {
		t.Fatalf("a fresh adapter had %d tails to cut", b.Recovered())
	}
}
