package file_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// TestWriterWaitsForLock holds the writer lock in one adapter (its fsync
// blocks) while a second adapter, as another process would, appends: the
// second waits, gives up when its context is canceled, and succeeds once
// the lock is free.
func TestWriterWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	inSync, release := make(chan struct{}), make(chan struct{})
	hold := &file.Options{DisableNotify: true, PollInterval: -1,
		Fault: func(op file.Op, name string, n int) (int, error) {
			if op == file.OpSync && name == "locked.jsonl" {
				close(inSync)
				<-release
			}
			return 0, nil
		}}
	holder := openLog(t, openAdapter(t, dir, hold), "locked")
	waiter := openLog(t, openAdapter(t, dir, quiet()), "locked")
	recs := adaptertest.Records("locked", 0, 2, nil)

	first := make(chan error)
	go func() { first <- holder.Append(context.Background(), 0, recs[:1]) }()
	<-inSync // the holder has the lock and is inside its fsync

	ctx, cancel := context.WithCancel(context.Background())
	wctx := &waitingCtx{Context: ctx, waiting: make(chan struct{})}
	second := make(chan error)
	go func() { second <- waiter.Append(wctx, 0, recs[:1]) }()
	<-wctx.waiting // the waiter is blocked waiting for the lock
	cancel()
	if err := <-second; !errors.Is(err, context.Canceled) {
		t.Fatalf("append while locked, context canceled: error = %v, want context.Canceled", err)
	}
	go func() { second <- waiter.Append(context.Background(), 1, recs[1:]) }()
	close(release)
	mustf(t, <-first, "holder append")
	mustf(t, <-second, "waiter append after the lock was freed")
	sameRecords(t, readAll(t, waiter), recs)
}

// waitingCtx reports when someone first waits on Done.
type waitingCtx struct {
	context.Context
	once    sync.Once
	waiting chan struct{}
}

func (c *waitingCtx) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}
