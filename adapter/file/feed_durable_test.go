package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// opLog records the file operations an adapter makes, in order, and the
// size of the feed at each fsync of it.
type opLog struct {
	dir    string
	mu     sync.Mutex
	ops    []string
	synced int64 // largest size of the feed at an fsync of it
}

func (o *opLog) hook(op file.Op, name string, _ int) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ops = append(o.ops, fmt.Sprintf("%v %s", op, name))
	if op == file.OpSync && name == "changes.feed" {
		if fi, err := os.Stat(filepath.Join(o.dir, "changes.feed")); err == nil {
			o.synced = max(o.synced, fi.Size())
		}
	}
	return 0, nil
}

// TestChangesGivesDurablePositions: every position Changes gives is
// durable, the feed having been fsynced past it first. A position that a
// machine crash could take back would be given again, to other changes,
// and a consumer that saved it would skip them.
func TestChangesGivesDurablePositions(t *testing.T) {
	dir := t.TempDir()
	rec := &opLog{dir: dir}
	o := quiet()
	o.Fault = rec.hook
	a, b := openAdapter(t, dir, o), openAdapter(t, dir, quiet())
	l := openLog(t, b, "s")
	for v := range uint64(3) {
		mustf(t, l.Append(context.Background(), v, adaptertest.Records("s", v, 1, prevHash(t, l, "s"))), "append %d", v+1)
		cs := adaptertest.Changes(t, a, 0)
		if len(cs) != int(v+1) {
			t.Fatalf("after %d appends: %d changes", v+1, len(cs))
		}
		rec.mu.Lock()
		synced := rec.synced
		rec.mu.Unlock()
		if last := cs[len(cs)-1].Position; last > uint64(synced) {
			t.Fatalf("Changes gave position %d; the feed was fsynced up to %d only", last, synced)
		}
	}
}

// TestFeedFilesDurableBeforeTheFirstChange: before an adapter adds its
// first change to the feed, its marker is durable (an fsync of
// "changes.live", which covers the directory too when the adapter created
// the feed's files, as here where the streams are older than the feed):
// else a machine crash could take the marker away with the unsynced
// changes, and no reconcile would add them back.
func TestFeedFilesDurableBeforeTheFirstChange(t *testing.T) {
	dir := t.TempDir()
	old := openAdapter(t, dir, quiet())
	l := openLog(t, old, "s")
	mustf(t, l.Append(context.Background(), 0, adaptertest.Records("s", 0, 1, nil)), "append")
	mustf(t, l.Close(), "close log")
	mustf(t, old.Close(), "close")
	mustf(t, os.RemoveAll(filepath.Join(dir, "changes.live")), "remove markers")
	mustf(t, os.Remove(filepath.Join(dir, "changes.feed")), "remove feed")

	rec := &opLog{dir: dir}
	o := quiet()
	o.Fault = rec.hook
	a := openAdapter(t, dir, o)
	l = openLog(t, a, "s")
	mustf(t, l.Append(context.Background(), 1, adaptertest.Records("s", 1, 1, prevHash(t, l, "s"))), "append")
	rec.mu.Lock()
	ops := slices.Clone(rec.ops)
	rec.mu.Unlock()
	first := slices.Index(ops, "write changes.feed")
	if first < 0 {
		t.Fatalf("no write of the feed in %q", ops)
	}
	if i := slices.Index(ops, "syncdir changes.live"); i < 0 || i > first {
		t.Errorf("no fsync of the markers before the first write of the feed: %q", ops)
	}
}
