package file_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/idtable"
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

// findAll checks that Find gives every record of recs at its version,
// where the system keeps a table (see the package doc).
func findAll(t *testing.T, l adapter.Log, recs []codec.Record) {
	t.Helper()
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	at, err := l.(adapter.Finder).Find(context.Background(), ids)
	if errors.Is(err, errors.ErrUnsupported) {
		return
	}
	mustf(t, err, "find")
	for i, v := range at {
		if v != recs[i].Version {
			t.Fatalf("Find(%s) = %d, want %d", ids[i], v, recs[i].Version)
		}
	}
}

// tableHolds checks, where tables are kept, that the table file of stream
// in dir covers recs and finds each at its version by itself, without the
// log: Find would make up for a table that lacks entries.
func tableHolds(t *testing.T, dir, stream string, recs []codec.Record) {
	t.Helper()
	if !idtable.Supported() {
		return
	}
	root, err := os.OpenRoot(dir)
	mustf(t, err, "open root")
	defer root.Close()
	x, err := idtable.Open(root, stream+".jsonl.ids", stream)
	mustf(t, err, "open table")
	defer x.Close()
	if m, err := x.Mark(); err != nil || m.Version != uint64(len(recs)) {
		t.Fatalf("table mark %+v, %v; want %d", m, err, len(recs))
	}
	for _, r := range recs {
		if vs, err := x.Lookup(r.ID); err != nil || !slices.Contains(vs, r.Version) {
			t.Fatalf("table lookup of %s: %v, %v; want %d", r.ID, vs, err, r.Version)
		}
	}
}
