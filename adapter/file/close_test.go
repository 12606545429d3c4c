package file_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// closeAndReport closes c and sends the result; blockedIn finds it by name
// in a goroutine dump.
func closeAndReport(c io.Closer, done chan<- error) { done <- c.Close() }

// blockedIn reports whether a goroutine running fn is blocked (waiting on
// a lock or a channel, not running or runnable).
func blockedIn(fn string) bool {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for g := range bytes.SplitSeq(buf, []byte("\n\n")) {
		if !bytes.Contains(g, []byte(fn)) {
			continue
		}
		head, _, _ := bytes.Cut(g, []byte("\n"))
		state := head[bytes.IndexByte(head, '[')+1:]
		for _, running := range []string{"running", "runnable", "syscall"} {
			if bytes.HasPrefix(state, []byte(running)) {
				return false
			}
		}
		return true
	}
	return false
}

// TestCloseWaitsForAppend closes the log, or the adapter, from another
// goroutine while an Append is between its write and its fsync: Close
// waits for the Append, which succeeds, and the batch is all there after
// a reopen.
func TestCloseWaitsForAppend(t *testing.T) {
	for _, closeAdapter := range []bool{false, true} {
		dir := t.TempDir()
		var armed atomic.Bool
		var closer io.Closer
		closed := make(chan error, 1)
		returnedEarly := false
		a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
			Fault: func(op file.Op, name string, n int) (int, error) {
				if op != file.OpSync || !armed.CompareAndSwap(true, false) {
					return 0, nil
				}
				go closeAndReport(closer, closed)
				for !blockedIn("file_test.closeAndReport(") { // until Close waits, or has returned
					if len(closed) > 0 {
						returnedEarly = true
						break
					}
					runtime.Gosched()
				}
				return 0, nil
			}})
		l := openLog(t, a, "s")
		closer = l
		if closeAdapter {
			closer = a
		}
		recs := adaptertest.Records("s", 0, 3, nil)
		armed.Store(true)
		err := l.Append(context.Background(), 0, recs)
		if returnedEarly {
			t.Fatalf("close adapter %v: Close returned (%v) while an Append was in flight", closeAdapter, <-closed)
		}
		mustf(t, err, "close adapter %v: append in flight during Close", closeAdapter)
		mustf(t, <-closed, "close adapter %v: Close", closeAdapter)
		wantErr(t, "append after Close", l.Append(context.Background(), 3, recs[:0]), sealstream.ErrClosed)
		sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "s")), recs)
	}
}

// TestCloseWakesAppendWaitingForLock closes an adapter whose Append waits
// for the writer lock another adapter holds: the Append gives up with
// ErrClosed and Close returns, without waiting for the lock.
func TestCloseWakesAppendWaitingForLock(t *testing.T) {
	dir := t.TempDir()
	inSync, release := make(chan struct{}), make(chan struct{})
	holder := openLog(t, openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
		Fault: func(op file.Op, name string, n int) (int, error) {
			if op == file.OpSync && name == "locked.jsonl" {
				close(inSync)
				<-release
			}
			return 0, nil
		}}), "locked")
	wa := openAdapter(t, dir, quiet())
	waiter := openLog(t, wa, "locked")
	recs := adaptertest.Records("locked", 0, 1, nil)
	first := make(chan error)
	go func() { first <- holder.Append(context.Background(), 0, recs) }()
	<-inSync

	wctx := &waitingCtx{Context: t.Context(), waiting: make(chan struct{})}
	second := make(chan error)
	go func() { second <- waiter.Append(wctx, 0, recs) }()
	<-wctx.waiting
	mustf(t, wa.Close(), "close the waiting adapter")
	wantErr(t, "append waiting for the lock during Close", <-second, sealstream.ErrClosed)
	close(release)
	mustf(t, <-first, "holder append")
}

// TestChangedAfterClose closes a log, or its adapter: a channel taken from
// Changed before is closed, and Changed returns closed channels after, so
// that no watcher hangs.
func TestChangedAfterClose(t *testing.T) {
	for _, closeAdapter := range []bool{false, true} {
		a := openAdapter(t, t.TempDir(), quiet())
		l := openLog(t, a, "watched")
		before := l.Changed()
		if closeAdapter {
			mustf(t, a.Close(), "close adapter")
		} else {
			mustf(t, l.Close(), "close log")
		}
		for what, ch := range map[string]<-chan struct{}{"taken before Close": before, "taken after Close": l.Changed()} {
			select {
			case <-ch:
			default:
				t.Fatalf("close adapter %v: channel %s is not closed", closeAdapter, what)
			}
		}
		_, err := l.Head(context.Background())
		wantErr(t, "head after Close", err, sealstream.ErrClosed)
	}
}

// TestReadAfterCloseIsErrClosed closes the log while a Read is under way:
// the read of the closed file gives an error matching ErrClosed.
func TestReadAfterCloseIsErrClosed(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	l := openLog(t, a, "read")
	recs := adaptertest.Records("read", 0, 2000, nil)
	for i := range recs {
		recs[i].Payload = bytes.Repeat([]byte{1}, 1<<10)
	}
	mustf(t, l.Append(context.Background(), 0, recs), "append")
	n := 0
	var err error
	for _, err = range l.Read(context.Background(), 1) {
		if err != nil {
			break
		}
		if n++; n == 1 {
			mustf(t, l.Close(), "close")
		}
	}
	if n == len(recs) {
		t.Fatalf("Read yielded all %d records from a closed file", n)
	}
	wantErr(t, "Read of a closed file", err, sealstream.ErrClosed)
}
