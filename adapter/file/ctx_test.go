package file_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// openFDs counts the process's open file descriptors where the system
// shows them (Linux), or returns -1.
func openFDs(t *testing.T) int {
	if runtime.GOOS != "linux" {
		return -1
	}
	fds, err := os.ReadDir("/proc/self/fd")
	mustf(t, err, "list descriptors")
	return len(fds)
}

// longStream writes n records of 1 KiB to stream id in dir, in batches of
// 100, and returns them and the file's path.
func longStream(t *testing.T, dir, id string, n int) ([]codec.Record, string) {
	recs := adaptertest.Records(id, 0, n, nil)
	for i := range recs {
		recs[i].Payload = bytes.Repeat([]byte{byte(i)}, 1<<10)
	}
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, id)
	for i := 0; i < n; i += 100 {
		mustf(t, l.Append(context.Background(), uint64(i), recs[i:min(i+100, n)]), "append")
	}
	h, err := l.Head(context.Background())
	mustf(t, err, "head")
	mustf(t, a.Close(), "close")
	return recs, h.File
}

// TestOpenHonoursContext opens a 1.5 MB stream file with a torn tail, with
// a context that reports cancellation at its n-th check, for every n
// before the end: Open fails with context.Canceled at once, without
// checking again, leaving nothing half done: the file as it was, no
// descriptor open, the stream not registered and the writer lock free, so
// that the next Open, which will not wait for the lock, indexes afresh
// and cuts the tail. The scan checks at least every 64 KiB.
func TestOpenHonoursContext(t *testing.T) {
	dir := t.TempDir()
	recs, path := longStream(t, dir, "long", 1000)
	appendBytes(t, path, []byte(`{"f":1,"v":1001,"more":0,"id":"torn`))
	orig, err := os.ReadFile(path)
	mustf(t, err, "read")
	try := func(ctx context.Context) (*file.Adapter, int, error) {
		mustf(t, os.WriteFile(path, orig, 0o600), "restore")
		if err := os.Remove(path + ".broken"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		a, err := file.Open(context.Background(), dir, quiet())
		mustf(t, err, "open adapter")
		fds := openFDs(t)
		_, err = a.Open(ctx, "long")
		return a, fds, err
	}
	all := countdown(-1)
	a, _, err := try(all)
	mustf(t, err, "open")
	mustf(t, a.Close(), "close")
	if least := len(orig) / (64 << 10); all.calls < least {
		t.Fatalf("Open checked its context %d times for %d bytes, want at least %d", all.calls, len(orig), least)
	}
	for n := range all.calls {
		ctx := countdown(n)
		a, fds, err := try(ctx)
		wantErr(t, "open", err, context.Canceled)
		if ctx.calls != n+1 {
			t.Fatalf("cancelled at check %d: Open checked %d more times", n+1, ctx.calls-n-1)
		}
		if now := openFDs(t); now != fds {
			t.Fatalf("cancelled at check %d: %d descriptors open, %d before", n+1, now, fds)
		}
		unchanged(t, "cancelled open", dir, path, orig)
		l, err := a.Open(&noWaitCtx{Context: context.Background()}, "long")
		mustf(t, err, "cancelled at check %d: open again", n+1)
		if a.Recovered() != 1 {
			t.Fatalf("cancelled at check %d: the next open cut %d tails, want 1", n+1, a.Recovered())
		}
		sameRecords(t, readAll(t, l), recs)
		mustf(t, a.Close(), "close")
	}
}

// TestCatchUpHonoursContext makes a reader's Head and a writer's Append
// catch up on 1.5 MB appended by another adapter with a context that
// reports cancellation at its second check, inside the scan: each fails
// with context.Canceled, the writer's lock is released, and both catch up
// in full afterwards.
func TestCatchUpHonoursContext(t *testing.T) {
	dir := t.TempDir()
	reader := openLog(t, openAdapter(t, dir, quiet()), "long")
	writer := openLog(t, openAdapter(t, dir, quiet()), "long")
	recs, _ := longStream(t, dir, "long", 1000)
	_, err := reader.Head(countdown(1))
	wantErr(t, "Head", err, context.Canceled)
	next := adaptertest.Records("long", 1000, 1, nil)
	wantErr(t, "Append", writer.Append(countdown(1), 1000, next), context.Canceled)
	other := openLog(t, openAdapter(t, dir, quiet()), "long")
	mustf(t, other.Append(&noWaitCtx{Context: context.Background()}, 1000, next), "append with the lock free")
	sameRecords(t, readAll(t, reader), append(recs, next...))
	h, err := writer.Head(context.Background())
	if err != nil || h.Version != 1001 {
		t.Fatalf("writer's Head() = %d, %v; want 1001", h.Version, err)
	}
}

// TestReadHonoursContext cancels a Read of records of 512 KiB after the
// first: it yields context.Canceled within the next MiB of lines, not
// after 256 records.
func TestReadHonoursContext(t *testing.T) {
	l := openLog(t, openAdapter(t, t.TempDir(), quiet()), "big")
	recs := adaptertest.Records("big", 0, 8, nil)
	for i := range recs {
		recs[i].Payload = bytes.Repeat([]byte{byte(i)}, 512<<10)
	}
	mustf(t, l.Append(context.Background(), 0, recs), "append")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var err error
	for _, err = range l.Read(ctx, 1) {
		if err != nil {
			break
		}
		if n++; n == 1 {
			cancel()
		}
	}
	wantErr(t, "Read after cancel", err, context.Canceled)
	if n > 3 {
		t.Fatalf("Read yielded %d records of 512 KiB after cancel", n-1)
	}
}
