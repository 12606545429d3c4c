//go:build linux

package file_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// waitOpened waits until this process holds a descriptor on path.
func waitOpened(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		fds, err := os.ReadDir("/proc/self/fd")
		mustf(t, err, "list descriptors")
		for _, fd := range fds {
			if p, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil && p == path {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was not opened", path)
		}
	}
}

// TestReconcileRacesErase: a reconcile that reaches a stream while another
// adapter erases it leaves the stream alone. It neither fails (which kept
// the dead marker for another reconcile at every Open) nor, opening the
// stream again after the Erase, creates its files anew.
func TestReconcileRacesErase(t *testing.T) {
	for _, torn := range []bool{false, true} {
		t.Run("torn tail "+strconv.FormatBool(torn), func(t *testing.T) {
			dir := t.TempDir()
			erasing, proceed := make(chan struct{}), make(chan struct{})
			var once, released sync.Once
			release := func() { released.Do(func() { close(proceed) }) }
			t.Cleanup(release) // a failed test leaves no Erase waiting
			eo := quiet()
			eo.Fault = func(op file.Op, name string, _ int) (int, error) {
				if op == file.OpRemove && name == "t.jsonl" {
					once.Do(func() { close(erasing); <-proceed })
				}
				return 0, nil
			}
			e := openAdapter(t, dir, eo)
			l := openLog(t, e, "t")
			mustf(t, l.Append(context.Background(), 0, adaptertest.Records("t", 0, 1, nil)), "append")
			mustf(t, l.Close(), "close log")
			path := filepath.Join(dir, "t.jsonl")
			if torn { // the lock is needed to open the stream
				f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
				mustf(t, err, "open stream file")
				_, err = f.WriteString(`{"f":1,"v":2,"mo`)
				mustf(t, err, "tear")
				mustf(t, f.Close(), "close stream file")
			}
			mustf(t, os.WriteFile(filepath.Join(dir, "changes.live", "0123456789abcdef"), nil, 0o600), "dead marker")
			erased := make(chan error, 1)
			go func() { erased <- e.Erase(context.Background(), "t") }()
			<-erasing // the Erase holds the writer lock
			errs := &feedErrors{}
			ro := quiet()
			ro.OnFeedError = errs.add
			openAdapter(t, dir, ro) // reconciles in the background
			waitOpened(t, path)
			time.Sleep(50 * time.Millisecond) // for the reconcile to wait for the writer lock
			release()
			mustf(t, <-erased, "erase")
			for deadline := time.Now().Add(30 * time.Second); len(markers(t, dir)) != 2; time.Sleep(5 * time.Millisecond) {
				errs.check(t)
				if time.Now().After(deadline) {
					t.Fatalf("markers %q, want the two adapters' own", markers(t, dir))
				}
			}
			errs.check(t)
			for _, name := range []string{"t.jsonl", "t.jsonl.lock"} {
				if _, err := os.Lstat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s is back after the Erase (%v)", name, err)
				}
			}
		})
	}
}

// holdFeedLock takes the lock of the feed's reconcile, as a reconcile of
// another process would, until the returned function is called.
func holdFeedLock(t *testing.T, dir string) func() {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "changes.feed.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	mustf(t, err, "open feed lock")
	mustf(t, unix.Flock(int(f.Fd()), unix.LOCK_EX), "lock feed lock")
	var once sync.Once
	release := func() { once.Do(func() { _ = f.Close() }) }
	t.Cleanup(release)
	return release
}

// TestEraseBlanksATornChange: a change whose write to the feed was torn
// just before its final newline is no complete line yet, but the next
// write to the feed completes it. Erase blanks it too: the erased stream
// does not come back with the next change of another stream.
func TestEraseBlanksATornChange(t *testing.T) {
	dir := t.TempDir()
	var writes atomic.Int32
	o := quiet()
	o.Fault = func(op file.Op, name string, n int) (int, error) {
		if op == file.OpWrite && name == "changes.feed" && writes.Add(1) == 1 {
			return n - 1, fmt.Errorf("%w: torn write of the feed", errInjected)
		}
		return 0, nil
	}
	a := openAdapter(t, dir, o)
	release := holdFeedLock(t, dir) // the reconcile the failed write starts waits
	l := openLog(t, a, "t")
	mustf(t, l.Append(context.Background(), 0, adaptertest.Records("t", 0, 1, nil)), "append to t")
	mustf(t, a.Erase(context.Background(), "t"), "erase")
	release()
	u := openLog(t, a, "u")
	mustf(t, u.Append(context.Background(), 0, adaptertest.Records("u", 0, 1, nil)), "append to u")
	raw, err := os.ReadFile(filepath.Join(dir, "changes.feed"))
	mustf(t, err, "read feed")
	if bytes.Contains(raw, []byte(`"t"`)) {
		t.Errorf("the feed still names the erased stream: %q", raw)
	}
	for _, c := range adaptertest.Changes(t, a, 0) {
		if c.Stream == "t" {
			t.Fatalf("Changes gives %+v after the Erase", c)
		}
	}
}
