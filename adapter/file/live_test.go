package file_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

func appendBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	mustf(t, err, "open %s", path)
	_, err = f.Write(b)
	mustf(t, err, "write")
	mustf(t, f.Close(), "close")
}

// TestReaderWaitsOutIncompleteLine writes a record line in two halves
// behind a reader's back, as a writer in another process would: the reader
// sees only complete records, cuts nothing, and sees the record once whole.
func TestReaderWaitsOutIncompleteLine(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("live", 0, 3, nil)
	l := openLog(t, openAdapter(t, dir, quiet()), "live")
	mustf(t, l.Append(context.Background(), 0, recs[:2]), "append")
	h, _ := l.Head(context.Background())
	line, err := file.NewLineCodec("live", 0).AppendLine(nil, &recs[2], 0)
	mustf(t, err, "encode")

	appendBytes(t, h.File, line[:len(line)/2])
	sameRecords(t, readAll(t, l), recs[:2])
	if h2, err := l.Head(context.Background()); err != nil || h2.Version != 2 {
		t.Fatalf("Head() with a line in progress = %d, %v; want 2", h2.Version, err)
	}
	if fi, _ := os.Stat(h.File); fi.Size() != h.Bytes+int64(len(line)/2) {
		t.Fatalf("a reader changed the file: size %d", fi.Size())
	}
	appendBytes(t, h.File, line[len(line)/2:])
	sameRecords(t, readAll(t, l), recs)
}

// TestWriterCutsTornTail leaves a torn line behind a live handle: the next
// append, under the lock, cuts and reports it before writing.
func TestWriterCutsTornTail(t *testing.T) {
	dir := t.TempDir()
	var cuts []file.Recovery
	a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
		OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
	l := openLog(t, a, "live")
	recs := adaptertest.Records("live", 0, 3, nil)
	mustf(t, l.Append(context.Background(), 0, recs[:2]), "append")
	h, _ := l.Head(context.Background())
	appendBytes(t, h.File, []byte(`{"f":1,"v":3,"id":"crashed wri`))
	sameRecords(t, readAll(t, l), recs[:2])
	mustf(t, l.Append(context.Background(), 2, recs[2:]), "append after a torn tail")
	if len(cuts) != 1 || cuts[0].Offset != h.Bytes || a.Recovered() != 1 {
		t.Fatalf("cuts = %+v, Recovered() = %d; want one cut at %d", cuts, a.Recovered(), h.Bytes)
	}
	sameRecords(t, readAll(t, l), recs)
	sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "live")), recs)
}

// TestReadSeesLaterDamage damages a line after it was indexed: Read yields
// the records before it, then ErrCorrupt naming the version and offset.
func TestReadSeesLaterDamage(t *testing.T) {
	l := openLog(t, openAdapter(t, t.TempDir(), quiet()), "later")
	recs := adaptertest.Records("later", 0, 3, nil)
	mustf(t, l.Append(context.Background(), 0, recs), "append")
	h, _ := l.Head(context.Background())
	data, err := os.ReadFile(h.File)
	mustf(t, err, "read")
	i := strings.Index(string(data), `"id":"later-e2"`)
	data[i+7] = 'X'
	mustf(t, os.WriteFile(h.File, data, 0o600), "write")
	got, err := tryReadAll(l)
	sameRecords(t, got, recs[:1])
	wantErr(t, "Read past a damaged line", err, sealstream.ErrCorrupt)
	if !strings.Contains(err.Error(), "record 2 at offset") {
		t.Fatalf("error %q does not name the version and offset", err)
	}
}

// TestPoisonedLogReopens fails one fsync: the handle stays poisoned, and a
// new handle from the same adapter starts afresh.
func TestPoisonedLogReopens(t *testing.T) {
	fail := true
	a := openAdapter(t, t.TempDir(), &file.Options{DisableNotify: true, PollInterval: -1,
		Fault: func(op file.Op, name string, n int) (int, error) {
			if op == file.OpSync && name == "poison.jsonl" && fail {
				fail = false
				return 0, errInjected
			}
			return 0, nil
		}})
	l := openLog(t, a, "poison")
	recs := adaptertest.Records("poison", 0, 2, nil)
	err := l.Append(context.Background(), 0, recs[:1])
	if !errors.Is(err, errInjected) || !errors.Is(err, file.ErrPoisoned) {
		t.Fatalf("append with a failing fsync: error = %v, want the fault and ErrPoisoned", err)
	}
	wantErr(t, "append after the failure", l.Append(context.Background(), 0, recs[:1]), file.ErrPoisoned)
	other := openLog(t, a, "poison")
	mustf(t, other.Append(context.Background(), 0, recs[:1]), "append on a reopened log")
	mustf(t, other.Append(context.Background(), 1, recs[1:]), "append on a reopened log")
	wantErr(t, "old handle", l.Append(context.Background(), 2, recs[:0]), file.ErrPoisoned)
	sameRecords(t, readAll(t, other), recs)
}
