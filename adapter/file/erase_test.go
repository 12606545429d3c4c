package file_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// Erase removes the stream file, its lock, its ".broken" file, its
// sidecars and a leftover temporary file, and nothing of other streams.
func TestEraseRemovesEveryFile(t *testing.T) {
	dir := t.TempDir()
	id := "Erased one"
	appendOne(t, openLog(t, openAdapter(t, dir, quiet()), id), "e")
	appendOne(t, openLog(t, openAdapter(t, dir, quiet()), "kept"), "e")
	name := hashedName(id)
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_APPEND, 0)
	mustf(t, err, "open")
	_, err = f.WriteString(`{"f":1,"v":2,"more`) // a torn tail, kept in .broken on open
	mustf(t, errors.Join(err, f.Close()), "tear")
	for _, suffix := range []string{".tmp", ".idx", ".ids"} {
		mustf(t, os.WriteFile(filepath.Join(dir, name+suffix), []byte("left by a crash"), 0o600), "%s", suffix)
	}
	a := openAdapter(t, dir, quiet())
	openLog(t, a, id)
	if _, err := os.Stat(filepath.Join(dir, name+".broken")); err != nil {
		t.Fatalf("no .broken file to erase: %v", err)
	}
	mustf(t, a.Erase(context.Background(), id), "Erase")
	got := filesUnder(t, dir)
	slices.Sort(got)
	if want := []string{"kept.jsonl", "kept.jsonl.ids", "kept.jsonl.lock"}; !slices.Equal(got, want) {
		t.Fatalf("files after Erase = %q, want %q", got, want)
	}
}

// Erase removes the files in order, the lock last, then fsyncs the
// directory; a failure is reported, and Erase again finishes the job.
func TestEraseFaults(t *testing.T) {
	dir := t.TempDir()
	var (
		mu   sync.Mutex
		ops  []string
		fail file.Op
	)
	opts := quiet()
	opts.Fault = func(op file.Op, name string, n int) (int, error) {
		if isFeedFile(name) {
			return 0, nil // the change feed's own operations, some in the background: see feed_*_test.go
		}
		mu.Lock()
		defer mu.Unlock()
		if op == file.OpRemove || op == file.OpSyncDir {
			ops = append(ops, op.String()+" "+name)
		}
		if op == fail {
			return 0, errInjected
		}
		return 0, nil
	}
	a := openAdapter(t, dir, opts)
	appendOne(t, openLog(t, a, "s"), "e")
	setFail := func(op file.Op) {
		mu.Lock()
		defer mu.Unlock()
		fail, ops = op, nil
	}
	setFail(file.OpRemove)
	wantErr(t, "Erase with a failing remove", a.Erase(context.Background(), "s"), errInjected)
	if _, err := os.Stat(filepath.Join(dir, "s.jsonl")); err != nil {
		t.Fatalf("stream file gone after a failed remove: %v", err)
	}
	setFail(file.OpSyncDir)
	wantErr(t, "Erase with a failing directory fsync", a.Erase(context.Background(), "s"), errInjected)
	want := []string{"remove s.jsonl", "remove s.jsonl.broken", "remove s.jsonl.tmp",
		"remove s.jsonl.idx", "remove s.jsonl.ids", "remove s.jsonl.lock", "syncdir ."}
	if !slices.Equal(ops, want) {
		t.Fatalf("Erase made %q, want %q", ops, want)
	}
	setFail(0)
	mustf(t, a.Erase(context.Background(), "s"), "Erase once nothing fails")
	if files := filesUnder(t, dir); len(files) != 0 {
		t.Fatalf("files after Erase = %q", files)
	}
	if len(ops) != 0 {
		t.Fatalf("Erase of a stream without files made %q", ops)
	}
}

// Another adapter (another process) with the stream open finds it erased
// at its next append, and a reopen sees the new stream; its old handle
// never writes beside the writer of the new one.
func TestEraseAcrossAdapters(t *testing.T) {
	dir := t.TempDir()
	eraser, other := openAdapter(t, dir, quiet()), openAdapter(t, dir, quiet())
	stale := openLog(t, other, "s")
	recs := adaptertest.Records("s", 0, 3, nil)
	mustf(t, stale.Append(context.Background(), 0, recs[:2]), "append")
	mustf(t, eraser.Erase(context.Background(), "s"), "Erase")
	wantErr(t, "append on a handle of an erased stream", stale.Append(context.Background(), 2, recs[2:]), sealstream.ErrClosed)
	_, err := stale.Head(context.Background())
	wantErr(t, "Head after the append found the stream erased", err, sealstream.ErrClosed)

	stale2 := openLog(t, other, "s") // opened fresh, then erased again
	mustf(t, eraser.Erase(context.Background(), "s"), "Erase")
	fresh := openLog(t, eraser, "s")
	mustf(t, fresh.Append(context.Background(), 0, recs[:1]), "append to the new stream")
	wantErr(t, "append at 0 on a handle of the stream before", stale2.Append(context.Background(), 0, recs[:1]), sealstream.ErrClosed)
	wantErr(t, "append at 1 on a handle of the stream before", stale2.Append(context.Background(), 1, recs[1:2]), sealstream.ErrClosed)
	sameRecords(t, readAll(t, openLog(t, other, "s")), recs[:1])
}

// Erase takes the writer lock: it waits while another adapter appends,
// gives up with its context, and removes the stream once the append ended.
func TestEraseWaitsForWriterLock(t *testing.T) {
	dir := t.TempDir()
	inSync, release := make(chan struct{}), make(chan struct{})
	hold := quiet()
	hold.Fault = func(op file.Op, name string, n int) (int, error) {
		if op == file.OpSync && name == "locked.jsonl" {
			close(inSync)
			<-release
		}
		return 0, nil
	}
	holder := openLog(t, openAdapter(t, dir, hold), "locked")
	eraser := openAdapter(t, dir, quiet())
	appended := make(chan error)
	go func() { appended <- holder.Append(context.Background(), 0, adaptertest.Records("locked", 0, 1, nil)) }()
	<-inSync

	ctx, cancel := context.WithCancel(context.Background())
	wctx := &waitingCtx{Context: ctx, waiting: make(chan struct{})}
	erased := make(chan error)
	go func() { erased <- eraser.Erase(wctx, "locked") }()
	<-wctx.waiting
	cancel()
	wantErr(t, "Erase while locked, context canceled", <-erased, context.Canceled)
	go func() { erased <- eraser.Erase(context.Background(), "locked") }()
	close(release)
	mustf(t, <-appended, "append holding the lock")
	mustf(t, <-erased, "Erase once the lock is free")
	if _, err := os.Stat(filepath.Join(dir, "locked.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("stream file after Erase: %v", err)
	}
}

// A failed batch the adapter holds goes with the file: Erase does not cut
// it first, and reports no recovery.
func TestEraseHeldBatch(t *testing.T) {
	dir := t.TempDir()
	f := &failingCut{name: "held.jsonl"}
	a := openAdapter(t, dir, f.options())
	l := openLog(t, a, "held")
	f.failBatch(t, l, adaptertest.Records("held", 0, 4, nil))
	f.cutFails.Store(false) // a cut would now succeed, and be reported
	mustf(t, a.Erase(context.Background(), "held"), "Erase")
	if len(f.cuts) != 0 || a.Recovered() != 0 {
		t.Fatalf("Erase cut the held batch: %+v", f.cuts)
	}
	if files := filesUnder(t, dir); len(files) != 0 {
		t.Fatalf("files after Erase = %q", files)
	}
	wantErr(t, "Append on the erased handle", l.Append(context.Background(), 1, nil), sealstream.ErrClosed)
	wantErr(t, "Erase of an invalid ID", a.Erase(context.Background(), ""), sealstream.ErrInvalidStreamID)
}
