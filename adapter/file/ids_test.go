package file_test

import (
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/idindex"
)

func find(t *testing.T, l adapter.Log, ids ...string) []uint64 {
	t.Helper()
	at, err := l.(adapter.Finder).Find(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func appendN(t *testing.T, l adapter.Log, from, n int, prefix string) {
	t.Helper()
	const batch = 1000
	for i := from; i < from+n; i += batch {
		recs := make([]codec.Record, 0, batch)
		for v := i; v < min(i+batch, from+n); v++ {
			recs = append(recs, record(uint64(v), fmt.Sprintf("%s%d", prefix, v)))
		}
		if err := l.Append(context.Background(), uint64(i-1), recs); err != nil {
			t.Fatal(err)
		}
	}
}

// Find answers from the index file and from the records after its mark,
// the index is built in the background as the stream grows, and an index
// file survives reopening.
func TestFindByEventID(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "s")
	appendN(t, l, 1, 70_000, "e") // past the queue of IDs for the index
	if got := find(t, l, "e1", "e12345", "e70000", "nope"); fmt.Sprint(got) != "[1 12345 70000 0]" {
		t.Fatalf("found %v", got)
	}
	appendN(t, l, 70_001, 10, "e") // within the slack: read, not indexed
	if got := find(t, l, "e70005"); got[0] != 70_005 {
		t.Fatalf("found %v in the tail", got)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "s.jsonl.ids")); err != nil {
		t.Fatalf("no index file: %v", err)
	}
	a = openAdapter(t, dir, quiet())
	if got := find(t, openLog(t, a, "s"), "e777", "e70010"); fmt.Sprint(got) != "[777 70010]" {
		t.Fatalf("after reopening: found %v", got)
	}
}

// Records another adapter (another process) appended are found.
func TestFindSeesOtherWriters(t *testing.T) {
	dir := t.TempDir()
	l1 := openLog(t, openAdapter(t, dir, quiet()), "s")
	l2 := openLog(t, openAdapter(t, dir, quiet()), "s")
	appendN(t, l1, 1, 9000, "a")
	find(t, l1, "a1")
	appendN(t, l2, 9001, 9000, "b")
	if got := find(t, l1, "b9001", "b18000", "a8999"); fmt.Sprint(got) != "[9001 18000 8999]" {
		t.Fatalf("found %v", got)
	}
}

// An index file left from an erased stream, or damaged, is not trusted.
func TestFindDistrustsTheIndexFile(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "s")
	appendN(t, l, 1, 10_000, "old")
	find(t, l, "old1")
	idx := filepath.Join(dir, "s.jsonl.ids")
	saved, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Erase(context.Background(), "s"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(idx, saved, 0o600); err != nil { // as if the erase had missed it
		t.Fatal(err)
	}
	l = openLog(t, a, "s")
	appendN(t, l, 1, 10_000, "new")
	if got := find(t, l, "old5000", "new5000"); fmt.Sprint(got) != "[0 5000]" {
		t.Fatalf("found %v: the old index was trusted", got)
	}
	if err := os.WriteFile(idx, saved[:len(saved)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if got := find(t, l, "new9999"); got[0] != 9999 {
		t.Fatalf("found %v with a damaged index file", got)
	}
}

// The index follows appends in the background: with no Find at all, the
// index file soon covers the records appended, entries a probe of the file
// finds without reading the log.
func TestIndexBuiltInTheBackground(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	appendN(t, openLog(t, a, "s"), 1, 3*1024+1000, "e")
	x := idindex.New(osPaths{}, filepath.Join(dir, "s.jsonl.ids"), "s")
	noLog := func(context.Context, uint64) iter.Seq2[idindex.Entry, error] {
		return func(func(idindex.Entry, error) bool) { t.Error("the probe read the log") }
	}
	trust := func(context.Context, idindex.Mark) (bool, error) { return true, nil }
	deadline := time.Now().Add(time.Minute)
	for {
		m, at, err := x.Update(context.Background(), noLog, trust, 0, 0, []string{"e2000"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Version >= 3*1024 && at[0] == 2000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a minute the index covers %d records, finds e2000 at %d", m.Version, at[0])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// osPaths opens files by path, for a probe of an index file.
type osPaths struct{}

func (osPaths) OpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag, perm)
}
func (osPaths) Remove(name string) error { return os.Remove(name) }
