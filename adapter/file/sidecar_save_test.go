package file_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// TestSidecarSavedAfterTheLog records the file operations of the append
// that brings the records past the sidecar to IndexEvery: the batch is
// written and fsynced first, then the sidecar's entries, an fsync, its
// header and an fsync, so that no header claims entries that are not
// durable. Failing any of the sidecar's operations fails nothing: the
// append is acknowledged, the handle takes more, and a reopen reads every
// record.
func TestSidecarSavedAfterTheLog(t *testing.T) {
	want := []string{"write s.jsonl", "sync s.jsonl",
		"write s.jsonl.idx", "sync s.jsonl.idx", "write s.jsonl.idx", "sync s.jsonl.idx"}
	for fail := 0; fail <= 4; fail++ { // the sidecar operation to fail; 0: none
		var mu sync.Mutex
		var ops []string
		side := 0
		opts := sideOpts(8)
		opts.Fault = func(op file.Op, name string, n int) (int, error) {
			if strings.HasPrefix(name, "changes.") {
				return 0, nil // the change feed's own operations
			}
			mu.Lock()
			defer mu.Unlock()
			ops = append(ops, op.String()+" "+name)
			if strings.HasSuffix(name, ".idx") {
				if side++; side == fail {
					return 0, fmt.Errorf("%w: %v of %s", errInjected, op, name)
				}
			}
			return 0, nil
		}
		dir := t.TempDir()
		a := openAdapter(t, dir, opts)
		l := openLog(t, a, "s")
		recs := adaptertest.Records("s", 0, 9, nil)
		for i := range 7 {
			mustf(t, l.Append(context.Background(), uint64(i), recs[i:i+1]), "append %d", i+1)
		}
		mu.Lock()
		ops = nil
		mu.Unlock()
		mustf(t, l.Append(context.Background(), 7, recs[7:8]), "append 8, sidecar operation %d failing", fail)
		made := want // a failed operation is the sidecar's last
		if fail > 0 {
			made = want[:2+fail]
		}
		mu.Lock()
		if !slices.Equal(ops, made) {
			t.Fatalf("sidecar operation %d failing: the 8th append made %q, want %q", fail, ops, made)
		}
		mu.Unlock()
		mustf(t, l.Append(context.Background(), 8, recs[8:]), "append 9, sidecar operation %d failing", fail)
		mustf(t, a.Close(), "close")
		b := openAdapter(t, dir, quiet())
		sameRecords(t, readAll(t, openLog(t, b, "s")), recs)
	}
}

// TestSidecarAcrossAdapters has one adapter read a stream while another
// appends to it and saves the sidecar again and again, as another process
// would: the reader catches up, reads right from any version, and can
// append.
func TestSidecarAcrossAdapters(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("shared", 0, 1501, nil)
	w := openLog(t, openAdapter(t, dir, sideOpts(64)), "shared")
	appendTo := func(from, to int) {
		for i := from; i < to; i += 10 {
			mustf(t, w.Append(context.Background(), uint64(i), recs[i:min(i+10, to)]), "append %d", i+1)
		}
	}
	appendTo(0, 300)
	r := openLog(t, openAdapter(t, dir, sideOpts(64)), "shared")
	readFrom(t, r, 1, recs[:300])
	rng := seeded(t)
	for done := 300; done < 1500; done += 100 {
		appendTo(done, done+100)
		readFrom(t, r, uint64(1+rng.IntN(done+100)), recs[:done+100])
	}
	readFrom(t, r, 1, recs[:1500])
	mustf(t, r.Append(context.Background(), 1500, []codec.Record{recs[1500]}), "append by the reader")
	readFrom(t, w, 1400, recs)
}

// TestCloseSavesOnlyIfLockFree closes a handle whose records past the
// sidecar are due to be saved while another adapter holds the writer
// lock in the middle of an append: Close returns without waiting and
// leaves the sidecar as it was; the other adapter saves it once its
// append is written.
func TestCloseSavesOnlyIfLockFree(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("s", 0, 101, nil)
	inSync, release := make(chan struct{}), make(chan struct{})
	hold := sideOpts(64)
	hold.Fault = func(op file.Op, name string, n int) (int, error) {
		if op == file.OpSync && name == "s.jsonl" {
			close(inSync)
			<-release
		}
		return 0, nil
	}
	holder := openLog(t, openAdapter(t, dir, hold), "s")
	free := sync.OnceFunc(func() { close(release) })
	t.Cleanup(free) // before the adapters close, if the test fails early
	l := openLog(t, openAdapter(t, dir, sideOpts(64)), "s")
	for i := range 100 {
		mustf(t, l.Append(context.Background(), uint64(i), recs[i:i+1]), "append %d", i+1)
	}
	h, err := l.Head(context.Background())
	mustf(t, err, "head")
	data, err := os.ReadFile(h.File)
	mustf(t, err, "read")
	saved := reference(t, "s", data[:lineStarts(data)[65]]) // saved by the 64th append
	sameFile(t, "before Close", h.File+".idx", saved)

	appended := make(chan error)
	go func() { appended <- holder.Append(context.Background(), 100, recs[100:]) }()
	<-inSync
	mustf(t, l.Close(), "close while the lock is held")
	sameFile(t, "after a Close that found the lock held", h.File+".idx", saved)
	free()
	mustf(t, <-appended, "append holding the lock")
	data, err = os.ReadFile(h.File)
	mustf(t, err, "read")
	sameFile(t, "after the append of the other adapter", h.File+".idx", reference(t, "s", data))
}
