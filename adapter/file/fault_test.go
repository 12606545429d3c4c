package file_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

var errInjected = errors.New("injected fault")

// injector fails (or, for a write, cuts) the k-th file operation, and if
// trunc is set the first truncate after it too.
type injector struct {
	mu    sync.Mutex
	k     int
	cut   bool
	trunc bool
	ops   []fileOp
}

type fileOp struct {
	op   file.Op
	name string
}

func (in *injector) hook(op file.Op, name string, n int) (int, error) {
	if isFeedFile(name) {
		return 0, nil // the change feed's operations have their own test: TestFeedWriteFails
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.ops = append(in.ops, fileOp{op, name})
	switch {
	case len(in.ops) == in.k && in.cut:
		return n / 2, fmt.Errorf("%w: %v of %s cut after %d of %d bytes", errInjected, op, name, n/2, n)
	case len(in.ops) == in.k:
		return 0, fmt.Errorf("%w: %v of %s", errInjected, op, name)
	case len(in.ops) > in.k && in.trunc && op == file.OpTruncate:
		in.trunc = false
		return 0, fmt.Errorf("%w: truncate of %s", errInjected, name)
	}
	return 0, nil
}

// faultWorkload appends 200 records in batches of 1 to 7 until an append
// fails, and returns the acknowledged records and the error.
func faultWorkload(a *file.Adapter) ([]codec.Record, error) {
	recs := adaptertest.Records("faulty", 0, 200, nil)
	l, err := a.Open(context.Background(), "faulty")
	if err != nil {
		return nil, err
	}
	defer l.Close()
	done := 0
	for size := 1; done < len(recs); size = size%7 + 1 {
		batch := recs[done:min(done+size, len(recs))]
		if err := l.Append(context.Background(), uint64(done), batch); err != nil {
			// The handle is poisoned, and shows nothing of the batch.
			if !errors.Is(err, file.ErrPoisoned) {
				return recs[:done], fmt.Errorf("failed append not poisoned: %w", err)
			}
			if err := l.Append(context.Background(), uint64(done), batch); !errors.Is(err, file.ErrPoisoned) {
				return recs[:done], fmt.Errorf("append after failure = %v, want ErrPoisoned", err)
			}
			if got, rerr := tryReadAll(l); rerr != nil || len(got) != done {
				return recs[:done], fmt.Errorf("poisoned handle reads %d records (%v), want %d", len(got), rerr, done)
			}
			return recs[:done], err
		}
		done += len(batch)
	}
	return recs, nil
}

// TestFaultInjection fails, and for writes also cuts, each file operation
// of the workload in turn, and for the writes and fsyncs of the stream file
// also fails the truncate that cuts the failed batch: the failed batch must
// never be visible, the handle must be poisoned, the next Open on the same
// adapter must show exactly the acknowledged records, and so must a reopen
// after Close, without having anything to cut.
func TestFaultInjection(t *testing.T) {
	count := &injector{}
	a := openAdapter(t, t.TempDir(), &file.Options{DisableNotify: true, PollInterval: -1, Fault: count.hook})
	if _, err := faultWorkload(a); err != nil {
		t.Fatalf("workload without faults: %v", err)
	}
	mustf(t, a.Close(), "close")
	t.Logf("the workload makes %d file operations", len(count.ops))
	runs := 0
	for k, fop := range count.ops {
		for _, tc := range []struct{ cut, trunc bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			if (tc.cut && fop.op != file.OpWrite) ||
				(tc.trunc && (fop.name != "faulty.jsonl" || fop.op != file.OpWrite && fop.op != file.OpSync)) {
				continue
			}
			runs++
			what := fmt.Sprintf("fault %d (%v of %s, cut %v, truncate fails %v)", k+1, fop.op, fop.name, tc.cut, tc.trunc)
			dir := t.TempDir()
			in := &injector{k: k + 1, cut: tc.cut, trunc: tc.trunc}
			a, err := file.Open(context.Background(), dir, &file.Options{DisableNotify: true, PollInterval: -1, Fault: in.hook})
			mustf(t, err, "open")
			acked, err := faultWorkload(a)
			if !errors.Is(err, errInjected) {
				t.Fatalf("%s: workload error = %v, want the injected fault", what, err)
			}
			if in.trunc {
				t.Fatalf("%s: the failed batch was never cut", what)
			}
			next, err := a.Open(context.Background(), "faulty")
			mustf(t, err, "%s: next open", what)
			if got, err := tryReadAll(next); err != nil || len(got) != len(acked) {
				t.Fatalf("%s: next open reads %d records (%v), want %d", what, len(got), err, len(acked))
			}
			mustf(t, a.Close(), "%s: close", what)
			b := openAdapter(t, dir, quiet())
			l := openLog(t, b, "faulty")
			sameRecords(t, readAll(t, l), acked)
			if b.Recovered() != 0 {
				t.Fatalf("%s: reopen had a torn tail to cut", what)
			}
			mustf(t, l.Append(context.Background(), uint64(len(acked)),
				adaptertest.Records("faulty", uint64(len(acked)), 1, nil)), "append after reopen")
			_ = b.Close()
		}
	}
	t.Logf("%d faulty runs", runs)
}

// TestFaultDuringRecovery fails each file operation of the recovery of a
// torn tail: opening fails, and the next clean open recovers.
func TestFaultDuringRecovery(t *testing.T) {
	recs := adaptertest.Records("torn", 0, 5, nil)
	setup := func(dir string) {
		a := openAdapter(t, dir, quiet())
		l := openLog(t, a, "torn")
		mustf(t, l.Append(context.Background(), 0, recs), "append")
		h, err := l.Head(context.Background())
		mustf(t, err, "head")
		mustf(t, a.Close(), "close")
		f, err := os.OpenFile(h.File, os.O_WRONLY|os.O_APPEND, 0)
		mustf(t, err, "open stream file")
		_, err = f.WriteString(`{"f":1,"v":6,"id":"torn-e6","ty`)
		mustf(t, err, "write torn line")
		mustf(t, f.Close(), "close stream file")
	}
	count := &injector{}
	dir := t.TempDir()
	setup(dir)
	a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1, Fault: count.hook})
	openLog(t, a, "torn")
	_ = a.Close()
	if len(count.ops) == 0 {
		t.Fatal("recovery made no file operation")
	}
	t.Logf("recovery makes %d file operations: %v", len(count.ops), count.ops)
	for k, fop := range count.ops {
		dir := t.TempDir()
		setup(dir)
		in := &injector{k: k + 1}
		a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1, Fault: in.hook})
		_, err := a.Open(context.Background(), "torn")
		wantErr(t, fmt.Sprintf("open with fault %d (%v of %s)", k+1, fop.op, fop.name), err, errInjected)
		_ = a.Close()
		b := openAdapter(t, dir, quiet())
		sameRecords(t, readAll(t, openLog(t, b, "torn")), recs)
		_ = b.Close()
	}
}
