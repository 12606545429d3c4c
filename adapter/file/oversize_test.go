package file_test

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

func TestRecordOverLimitRefused(t *testing.T) {
	a := openAdapter(t, t.TempDir(), &file.Options{MaxLineSize: 4096, DisableNotify: true, PollInterval: -1})
	l := openLog(t, a, "big")
	recs := adaptertest.Records("big", 0, 3, nil)
	recs[0].Payload = bytes.Repeat([]byte{7}, 2048)
	mustf(t, l.Append(context.Background(), 0, recs[:1]), "append under the limit")
	before, err := l.Head(context.Background())
	mustf(t, err, "head")
	recs[1].Payload = bytes.Repeat([]byte{7}, 3000) // 4000 bytes of base64
	wantErr(t, "append over the limit", l.Append(context.Background(), 1, recs[1:]), sealstream.ErrTooLarge)
	recs[1].Payload, recs[2].Metadata = nil, map[string]string{"k": strings.Repeat("m", 5000)}
	wantErr(t, "append with large metadata", l.Append(context.Background(), 1, recs[1:]), sealstream.ErrTooLarge)
	after, err := l.Head(context.Background())
	mustf(t, err, "head")
	if after.Version != before.Version || after.Bytes != before.Bytes {
		t.Fatalf("refused appends changed the head from %+v to %+v", before, after)
	}
	fi, err := os.Stat(after.File)
	mustf(t, err, "stat")
	if fi.Size() != before.Bytes {
		t.Fatalf("refused appends wrote to the file: %d bytes, want %d", fi.Size(), before.Bytes)
	}
}

func TestInvalidUTF8Refused(t *testing.T) {
	l := openLog(t, openAdapter(t, t.TempDir(), quiet()), "utf")
	recs := adaptertest.Records("utf", 0, 1, nil)
	recs[0].Type = "bad\xff"
	wantErr(t, "append", l.Append(context.Background(), 0, recs), sealstream.ErrInvalidEvent)
}

// TestHugeLineBoundedMemory appends 100 MiB without a newline to a stream
// file: opening it is an error matching ErrCorrupt, and costs a small
// fraction of that in allocations.
func TestHugeLineBoundedMemory(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "huge")
	mustf(t, l.Append(context.Background(), 0, adaptertest.Records("huge", 0, 2, nil)), "append")
	h, err := l.Head(context.Background())
	mustf(t, err, "head")
	mustf(t, a.Close(), "close")
	f, err := os.OpenFile(h.File, os.O_WRONLY|os.O_APPEND, 0)
	mustf(t, err, "open")
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for range 100 {
		_, err := f.Write(chunk)
		mustf(t, err, "write")
	}
	mustf(t, f.Close(), "close")
	chunk = nil

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = openAdapter(t, dir, quiet()).Open(context.Background(), "huge")
	runtime.ReadMemStats(&after)
	wantErr(t, "open with a 100 MiB line", err, sealstream.ErrCorrupt)
	if !strings.Contains(err.Error(), "offset") {
		t.Fatalf("error %q does not name the offset", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Fatalf("open allocated %d bytes for a 100 MiB line, want under 16 MiB", alloc)
	} else {
		t.Logf("open allocated %d KiB", alloc>>10)
	}
}

// TestLongCompleteLineRefused puts a line over the limit, newline
// included, in the middle of a file.
func TestLongCompleteLineRefused(t *testing.T) {
	dir := t.TempDir()
	opts := &file.Options{MaxLineSize: 1024, DisableNotify: true, PollInterval: -1}
	l := openLog(t, openAdapter(t, dir, opts), "long")
	mustf(t, l.Append(context.Background(), 0, adaptertest.Records("long", 0, 1, nil)), "append")
	h, _ := l.Head(context.Background())
	data, err := os.ReadFile(h.File)
	mustf(t, err, "read")
	header := bytes.IndexByte(data, '\n') + 1
	first := slices.Clone(data[header:])
	data = append(data, append(bytes.Repeat([]byte("y"), 5000), '\n')...)
	data = append(data, first...) // a good line after the long one
	mustf(t, os.WriteFile(h.File, data, 0o600), "write")
	_, err = openAdapter(t, dir, opts).Open(context.Background(), "long")
	wantErr(t, "open with a long line", err, sealstream.ErrCorrupt)
}
