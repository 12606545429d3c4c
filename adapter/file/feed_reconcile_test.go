package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// feedErrors collects what Options.OnFeedError reports.
type feedErrors struct {
	mu   sync.Mutex
	errs []error
}

func (f *feedErrors) add(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, err)
}

func (f *feedErrors) check(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.errs) > 0 {
		t.Fatalf("the reconcile failed: %v", f.errs)
	}
}

// TestReconcileSkipsUnreadableFiles: a file the reconcile cannot map to a
// stream (a stream file that is not a regular file, a hashed one whose
// header is damaged) takes no append, so it has no change to add: the
// reconcile goes past it and brings the feed up to date for the other
// streams, rather than failing at every adapter Open forever.
func TestReconcileSkipsUnreadableFiles(t *testing.T) {
	bad := map[string]func(path string) error{
		"directory": func(p string) error { return os.Mkdir(p+"junk.jsonl", 0o700) },
		"damaged header": func(p string) error {
			return os.WriteFile(p+"h."+strings.Repeat("ab", 32)+".jsonl", []byte("not a header\n"), 0o600)
		},
	}
	for name, damage := range bad {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := helper("write", "DIR="+dir, "STREAM=s", "COUNT=40", "KILL_FEED=2").Run(); err == nil {
				t.Fatal("the child was not killed")
			}
			mustf(t, damage(dir+string(filepath.Separator)), "damage")
			errs := &feedErrors{}
			o := quiet()
			o.OnFeedError = errs.add
			a := openAdapter(t, dir, o)
			feedCovers(t, a, map[string]uint64{"s": 2})
			waitMarkers(t, dir, 1)
			errs.check(t)
		})
	}
}

// TestFailedEraseKeepsItsChanges: an Erase that blanked the stream's
// changes in the feed but then failed to remove its file leaves the
// stream in place: its changes come back to the feed.
func TestFailedEraseKeepsItsChanges(t *testing.T) {
	o := quiet()
	o.Fault = func(op file.Op, name string, _ int) (int, error) {
		if op == file.OpRemove && name == "t.jsonl" {
			return 0, fmt.Errorf("%w: remove", errInjected)
		}
		return 0, nil
	}
	dir := t.TempDir()
	a := openAdapter(t, dir, o)
	l := openLog(t, a, "t")
	for v := range uint64(2) {
		mustf(t, l.Append(context.Background(), v, adaptertest.Records("t", v, 1, prevHash(t, l, "t"))), "append")
	}
	if err := a.Erase(context.Background(), "t"); err == nil {
		t.Fatal("Erase succeeded though its removal failed")
	}
	if _, err := os.Stat(filepath.Join(dir, "t.jsonl")); err != nil {
		t.Fatalf("the stream file is gone after a failed Erase: %v", err)
	}
	feedCovers(t, a, map[string]uint64{"t": 2})
}

// TestNoReconcileAfterClose: a feed write that fails while Close waits for
// its append starts no reconcile: Close already waited for the adapter's
// goroutines, and the reconcile would outlive it. (A reconcile's first
// step, opening the feed's lock, creates "changes.feed.lock".)
func TestNoReconcileAfterClose(t *testing.T) {
	dir := t.TempDir()
	lockFile := filepath.Join(dir, "changes.feed.lock")
	var writes atomic.Int32
	release := make(chan struct{})
	o := quiet()
	o.Fault = func(op file.Op, name string, _ int) (int, error) {
		switch {
		case op == file.OpWrite && name == "changes.feed" && writes.Add(1) == 2:
			<-release
			return 0, fmt.Errorf("%w: write of the feed", errInjected)
		case op == file.OpSync && name == "changes.feed": // by Close: time for a reconcile to start
			for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
				if _, err := os.Lstat(lockFile); err == nil {
					break
				}
			}
		}
		return 0, nil
	}
	a := openAdapter(t, dir, o)
	l := openLog(t, a, "s")
	mustf(t, l.Append(context.Background(), 0, adaptertest.Records("s", 0, 1, nil)), "append")
	next := adaptertest.Records("s", 1, 1, prevHash(t, l, "s"))
	appended := make(chan error, 1)
	go func() { appended <- l.Append(context.Background(), 1, next) }()
	for writes.Load() < 2 {
		select {
		case err := <-appended:
			t.Fatalf("the append ended (%v) before its write to the feed", err)
		case <-time.After(time.Millisecond):
		}
	}
	closed := make(chan error, 1)
	go func() { closed <- a.Close() }()
	for isOpen := true; isOpen; time.Sleep(time.Millisecond) {
		select {
		case <-a.FeedChanged(): // closed by Close
			isOpen = false
		default:
		}
	}
	time.Sleep(100 * time.Millisecond) // for Close to wait for the append
	close(release)
	mustf(t, <-appended, "append whose feed write failed")
	mustf(t, <-closed, "close")
	if _, err := os.Lstat(lockFile); err == nil {
		t.Fatal("a reconcile started after Close waited for the adapter's goroutines")
	}
}

// TestReconcileRetriesAfterAShortage: a stream the reconcile cannot open
// for a shortage that may pass (here of descriptors, while it cuts the
// stream's torn tail) is not skipped for good: the dead marker stays, and
// a later reconcile adds the change the feed lacks.
func TestReconcileRetriesAfterAShortage(t *testing.T) {
	dir := t.TempDir()
	if err := helper("write", "DIR="+dir, "STREAM=s", "COUNT=40", "KILL_FEED=2").Run(); err == nil {
		t.Fatal("the child was not killed")
	}
	f, err := os.OpenFile(filepath.Join(dir, "s.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
	mustf(t, err, "open stream file")
	_, err = f.WriteString(`{"f":1,"v":3,"mo`)
	mustf(t, err, "tear")
	mustf(t, f.Close(), "close stream file")
	var short atomic.Bool
	o := quiet()
	o.Fault = func(op file.Op, name string, _ int) (int, error) {
		if op == file.OpWrite && name == "s.jsonl.broken" && short.CompareAndSwap(false, true) {
			return 0, fmt.Errorf("keep the torn tail: %w", syscall.EMFILE)
		}
		return 0, nil
	}
	a := openAdapter(t, dir, o)
	feedCovers(t, a, map[string]uint64{"s": 2})
	waitMarkers(t, dir, 1)
}
