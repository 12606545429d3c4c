//go:build linux

package file_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
)

// limitLeaving returns the descriptor limit that leaves exactly free
// descriptor numbers unused below it (a process may hold holes and high
// descriptors, which the limit does not close).
func limitLeaving(t *testing.T, free int) uint64 {
	fds, err := os.ReadDir("/proc/self/fd")
	mustf(t, err, "list descriptors")
	open := map[int]bool{}
	for _, fd := range fds {
		if n, err := strconv.Atoi(fd.Name()); err == nil {
			open[n] = true
		}
	}
	n := 0
	for ; free > 0; n++ {
		if !open[n] {
			free--
		}
	}
	return uint64(n)
}

// TestOpenStreamOutOfDescriptors lowers RLIMIT_NOFILE to leave a few
// descriptors free, then opens streams until one fails: the error matches
// syscall.EMFILE, which the stream package answers by closing warm
// streams, and names the stream; the failed open leaks no descriptor, and
// once a stream is closed the same open succeeds.
func TestOpenStreamOutOfDescriptors(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	var lim syscall.Rlimit
	mustf(t, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim), "getrlimit")
	t.Cleanup(func() { mustf(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim), "restore the limit") })
	low := lim
	low.Cur = limitLeaving(t, 8)
	mustf(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low), "setrlimit")

	var logs []adapter.Log
	var err error
	var id string
	before := 0
	for i := 0; i < 100 && err == nil; i++ {
		id = fmt.Sprintf("s%d", i)
		before = openFDs(t)
		var l adapter.Log
		if l, err = a.Open(context.Background(), id); err == nil {
			logs = append(logs, l)
		}
	}
	wantErr(t, "open past the descriptor limit", err, syscall.EMFILE)
	if !strings.Contains(err.Error(), strconv.Quote(id)) {
		t.Fatalf("error %q does not name stream %q", err, id)
	}
	if now := openFDs(t); now != before {
		t.Fatalf("the failed open left %d descriptors open, %d before", now, before)
	}
	if len(logs) == 0 {
		t.Fatal("no stream opened under the limit: the test shows nothing")
	}
	t.Logf("error: %v", err)
	mustf(t, logs[0].Close(), "close a stream")
	l, err := a.Open(context.Background(), id)
	mustf(t, err, "open once a stream was closed")
	mustf(t, l.Close(), "close")
}

// TestDescriptorsHeld checks what the package doc says: an adapter holds
// its directory, its change feed and its marker, and its watcher one
// fsnotify (inotify) descriptor; an
// open stream holds two, its file and its lock file, shared by its
// handles and released with the last one.
func TestDescriptorsHeld(t *testing.T) {
	openAdapter(t, t.TempDir(), nil) // the runtime's poller is set up by the first watcher
	for _, tc := range []struct {
		opts *file.Options
		want int
	}{{quiet(), 3}, {&file.Options{PollInterval: -1}, 4}} {
		n := openFDs(t)
		a := openAdapter(t, t.TempDir(), tc.opts)
		if got := openFDs(t) - n; got != tc.want {
			t.Fatalf("an adapter (notify %v) holds %d descriptors, want %d", !tc.opts.DisableNotify, got, tc.want)
		}
		n = openFDs(t)
		l1, l2 := openLog(t, a, "s"), openLog(t, a, "s")
		if got := openFDs(t) - n; got != 2 {
			t.Fatalf("a stream open twice holds %d descriptors, want 2", got)
		}
		mustf(t, l1.Close(), "close")
		mustf(t, l2.Close(), "close")
		if got := openFDs(t) - n; got != 0 {
			t.Fatalf("a closed stream holds %d descriptors", got)
		}
		mustf(t, a.Close(), "close adapter")
	}
}
