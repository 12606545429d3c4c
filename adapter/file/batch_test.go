package file_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// TestTornBatchCutWhole tears the one write of a 3-record batch of 100 KiB
// records, as a crash would: reopening cuts the whole batch, not just its
// last line, keeps the cut bytes, and the same batch can then be appended
// again.
func TestTornBatchCutWhole(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("torn", 0, 4, nil)
	for i := 1; i < 4; i++ {
		recs[i].Payload = bytes.Repeat([]byte{byte(i)}, 100<<10)
	}
	l := openLog(t, openAdapter(t, dir, quiet()), "torn")
	mustf(t, l.Append(context.Background(), 0, recs[:1]), "append 1")
	before, err := l.Head(context.Background())
	mustf(t, err, "head")
	mustf(t, l.Append(context.Background(), 1, recs[1:]), "append 2-4")
	after, err := l.Head(context.Background())
	mustf(t, err, "head")
	full, err := os.ReadFile(after.File)
	mustf(t, err, "read")
	mustf(t, os.Truncate(after.File, after.Bytes-10), "truncate") // the last line lost its end

	var cuts []file.Recovery
	a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
	l2 := openLog(t, a, "torn")
	sameRecords(t, readAll(t, l2), recs[:1])
	if len(cuts) != 1 || cuts[0].Offset != before.Bytes || cuts[0].Bytes != after.Bytes-10-before.Bytes {
		t.Fatalf("cuts = %+v, want one cut of the batch at %d", cuts, before.Bytes)
	}
	if !strings.Contains(cuts[0].Reason, "unfinished") {
		t.Fatalf("cut reason %q does not say the batch is unfinished", cuts[0].Reason)
	}
	kept, err := os.ReadFile(cuts[0].Broken)
	mustf(t, err, "read %s", cuts[0].Broken)
	if !bytes.Equal(kept, full[before.Bytes:after.Bytes-10]) {
		t.Fatalf("%s holds %d bytes, want the %d cut", cuts[0].Broken, len(kept), after.Bytes-10-before.Bytes)
	}
	mustf(t, l2.Append(context.Background(), 1, recs[1:]), "append the batch again")
	sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "torn")), recs)
}

// batchLines encodes recs as the lines of one batch of stream id.
func batchLines(t *testing.T, id string, recs []codec.Record) [][]byte {
	t.Helper()
	out := make([][]byte, len(recs))
	for i := range recs {
		line, err := file.NewLineCodec(id, 0).AppendLine(nil, &recs[i], uint64(len(recs)-1-i))
		mustf(t, err, "encode")
		out[i] = line
	}
	return out
}

// TestReaderWaitsOutUnfinishedBatch writes the lines of a 3-record batch
// one by one behind the back of readers (one of them in another adapter,
// as in another process), as a writer in another process would: they see
// none of the batch, cut nothing, and see it all once its last line is
// whole.
func TestReaderWaitsOutUnfinishedBatch(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("live", 0, 4, nil)
	l := openLog(t, openAdapter(t, dir, quiet()), "live")
	mustf(t, l.Append(context.Background(), 0, recs[:1]), "append")
	h, _ := l.Head(context.Background())
	other := openLog(t, openAdapter(t, dir, quiet()), "live")
	lines := batchLines(t, "live", recs[1:])
	last := lines[2]
	for i, part := range [][]byte{lines[0], lines[1], last[:len(last)-1]} {
		appendBytes(t, h.File, part)
		for _, r := range []adapter.Log{l, other} {
			sameRecords(t, readAll(t, r), recs[:1])
			if h2, err := r.Head(context.Background()); err != nil || h2.Version != 1 || h2.Bytes != h.Bytes {
				t.Fatalf("after part %d of the batch: Head() = %d (%d bytes), %v; want 1 (%d bytes)",
					i+1, h2.Version, h2.Bytes, err, h.Bytes)
			}
		}
	}
	if fi, _ := os.Stat(h.File); fi.Size() != h.Bytes+int64(len(lines[0])+len(lines[1])+len(last)-1) {
		t.Fatalf("a reader changed the file: size %d", fi.Size())
	}
	appendBytes(t, h.File, []byte("\n"))
	sameRecords(t, readAll(t, l), recs)
	sameRecords(t, readAll(t, other), recs)
}

// TestWriterCutsUnfinishedBatch leaves the first two lines of a 3-record
// batch behind a live handle: its next append, under the lock, cuts both
// and reports them before writing.
func TestWriterCutsUnfinishedBatch(t *testing.T) {
	dir := t.TempDir()
	var cuts []file.Recovery
	a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
	l := openLog(t, a, "live")
	recs := adaptertest.Records("live", 0, 4, nil)
	mustf(t, l.Append(context.Background(), 0, recs[:1]), "append")
	h, _ := l.Head(context.Background())
	lines := batchLines(t, "live", recs[1:])
	appendBytes(t, h.File, slices.Concat(lines[0], lines[1]))
	mustf(t, l.Append(context.Background(), 1, recs[1:2]), "append after an unfinished batch")
	if len(cuts) != 1 || cuts[0].Offset != h.Bytes || cuts[0].Bytes != int64(len(lines[0])+len(lines[1])) {
		t.Fatalf("cuts = %+v; want one cut of 2 lines at %d", cuts, h.Bytes)
	}
	sameRecords(t, readAll(t, l), recs[:2])
	sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "live")), recs[:2])
}

// TestReadersSeeWholeBatches appends batches of up to 64 records of 16 KiB
// while readers of another adapter, as other processes would, keep
// reading, one with Head and one with Read: the head they see always ends
// a batch.
func TestReadersSeeWholeBatches(t *testing.T) {
	dir := t.TempDir()
	rng := seeded(t)
	w := openLog(t, openAdapter(t, dir, quiet()), "whole")
	ends := map[uint64]bool{0: true}
	var sizes []int
	total := uint64(0)
	for range 30 {
		n := 1 + rng.IntN(64)
		sizes = append(sizes, n)
		total += uint64(n)
		ends[total] = true
	}
	r := openAdapter(t, dir, quiet())
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	done := make(chan struct{})
	for _, byRead := range []bool{false, true} {
		l := openLog(t, r, "whole")
		wg.Go(func() {
			for n := uint64(0); ; {
				select {
				case <-done:
					return
				default:
				}
				if byRead {
					for _, err := range l.Read(context.Background(), n+1) {
						if err != nil {
							errs <- err
							return
						}
						n++
					}
				} else if h, err := l.Head(context.Background()); err != nil {
					errs <- err
					return
				} else {
					n = h.Version
				}
				if !ends[n] {
					errs <- fmt.Errorf("a reader (Read %v) saw %d records: part of a batch", byRead, n)
					return
				}
			}
		})
	}
	head := uint64(0)
	for _, n := range sizes {
		recs := adaptertest.Records("whole", head, n, nil)
		for i := range recs {
			recs[i].Payload = bytes.Repeat([]byte{byte(i)}, 16<<10)
		}
		mustf(t, w.Append(context.Background(), head, recs), "append")
		head += uint64(n)
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
