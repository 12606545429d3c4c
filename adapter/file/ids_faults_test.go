//go:build linux

package file_test

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/internal/idtable"
)

// The event-ID table is derived data: whatever happened to it, Find gives
// every ID at its version and never a version that holds another ID.
// Each case writes 6,000 records, then harms the table as a crash, a
// restore or a stray copy would, then checks Find from a new adapter,
// appends 3,000 records more and checks again.
func TestFindAfterTableFaults(t *testing.T) {
	const n = 6000
	cases := []struct {
		name string
		harm func(t *testing.T, dir string, early, other []byte)
	}{
		// killed between the log's fsync and the table's write: the
		// table lacks the last records, a few or many
		{"lags by 500", func(t *testing.T, dir string, early, _ []byte) { restore(t, dir, early) }},
		{"lags by 5,000", func(t *testing.T, dir string, early, _ []byte) { restore(t, dir, early) }},
		{"removed", func(t *testing.T, dir string, _, _ []byte) {
			mustf(t, os.Remove(filepath.Join(dir, "s.jsonl.ids")), "remove")
		}},
		{"of another stream", func(t *testing.T, dir string, _, other []byte) { restore(t, dir, other) }},
		{"header damaged", func(t *testing.T, dir string, _, _ []byte) { damage(t, dir, 0, 256) }},
		{"cut short", func(t *testing.T, dir string, _, _ []byte) {
			mustf(t, os.Truncate(filepath.Join(dir, "s.jsonl.ids"), 8192), "truncate")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			a := openAdapter(t, dir, quiet())
			l := openLog(t, a, "s")
			early := 5500
			if tc.name == "lags by 5,000" {
				early = 1000
			}
			appendN(t, l, 1, early, "e")
			earlyTable := readTable(t, dir, "s")
			appendN(t, l, early+1, n-early, "e")
			appendN(t, openLog(t, a, "other"), 1, 10, "o")
			mustf(t, a.Close(), "close")
			tc.harm(t, dir, earlyTable, readTable(t, dir, "other"))

			b := openAdapter(t, dir, quiet())
			l = openLog(t, b, "s")
			check := func(total int) {
				t.Helper()
				if got := find(t, l, "e1", fmt.Sprint("e", early), fmt.Sprint("e", early+1), fmt.Sprint("e", total), "o1", "absent"); fmt.Sprint(got) !=
					fmt.Sprint([]uint64{1, uint64(early), uint64(early + 1), uint64(total), 0, 0}) {
					t.Fatalf("found %v", got)
				}
				findAll(t, l, readAll(t, l))
			}
			check(n)
			appendN(t, l, n+1, 3000, "e")
			check(n + 3000)
		})
	}
}

// A table whose slots were overwritten with noise may miss IDs (they look
// new), but never names a version that holds another ID.
func TestFindWithNoisySlots(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	appendN(t, openLog(t, a, "s"), 1, 6000, "e")
	mustf(t, a.Close(), "close")
	damage(t, dir, 256, 1<<20)
	l := openLog(t, openAdapter(t, dir, quiet()), "s")
	recs := readAll(t, l)
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	for i, v := range find(t, l, ids...) {
		if v != 0 && v != recs[i].Version {
			t.Fatalf("Find(%s) = %d, want %d or 0", ids[i], v, recs[i].Version)
		}
	}
}

func readTable(t *testing.T, dir, stream string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, stream+".jsonl.ids"))
	mustf(t, err, "read table")
	return b
}

func restore(t *testing.T, dir string, b []byte) {
	mustf(t, os.WriteFile(filepath.Join(dir, "s.jsonl.ids"), b, 0o600), "restore table")
}

// damage overwrites bytes [from, to) of the table with noise, within its size.
func damage(t *testing.T, dir string, from, to int) {
	path := filepath.Join(dir, "s.jsonl.ids")
	b, err := os.ReadFile(path)
	mustf(t, err, "read table")
	for i := from; i < min(to, len(b)); i++ {
		b[i] = byte(rand.Uint32())
	}
	mustf(t, os.WriteFile(path, b, 0o600), "damage table")
}

// Every append adds its IDs to the table file before it returns: with no
// Find at all, the file finds them at once, without the log.
func TestTableFollowsEveryAppend(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	appendN(t, openLog(t, a, "s"), 1, 3*1024+1000, "e")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	x, err := idtable.Open(root, "s.jsonl.ids", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	m, err := x.Mark()
	if err != nil || m.Version != 3*1024+1000 {
		t.Fatalf("mark %+v, %v", m, err)
	}
	if vs, err := x.Lookup("e2000"); err != nil || !slices.Contains(vs, 2000) {
		t.Fatalf("e2000: %v, %v", vs, err)
	}
}

// A table file removed behind the adapter's back (not retired) is noticed
// at the next append: the adapter makes a new one, fills it from the log
// and goes on adding to it, rather than to the removed file.
func TestTableRemovedBehindTheAdaptersBack(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "s")
	appendN(t, l, 1, 1000, "e")
	mustf(t, os.Remove(filepath.Join(dir, "s.jsonl.ids")), "remove")
	appendN(t, l, 1001, 40_000, "e")
	mustf(t, a.Close(), "close")
	root, err := os.OpenRoot(dir)
	mustf(t, err, "open root")
	defer root.Close()
	x, err := idtable.Open(root, "s.jsonl.ids", "s")
	mustf(t, err, "open table")
	defer x.Close()
	if m, err := x.Mark(); err != nil || m.Version != 41_000 {
		t.Fatalf("table mark %+v, %v; want 41,000", m, err)
	}
	for _, v := range []uint64{1, 500, 40_999} {
		if vs, err := x.Lookup(fmt.Sprint("e", v)); err != nil || !slices.Contains(vs, v) {
			t.Fatalf("e%d: %v, %v", v, vs, err)
		}
	}
}

// A process that keeps appending syncs its table now and then, not only
// when it closes the stream: the synced mark in the header moves.
func TestTableSyncedWhileAppending(t *testing.T) {
	defer file.SetSyncEvery(0)()
	dir := t.TempDir()
	l := openLog(t, openAdapter(t, dir, quiet()), "s")
	deadline := time.Now().Add(time.Minute)
	for v := 1; ; v += 100 {
		appendN(t, l, v, 100, "e")
		b, err := os.ReadFile(filepath.Join(dir, "s.jsonl.ids"))
		mustf(t, err, "read table")
		if synced := binary.NativeEndian.Uint64(b[8*11:]) >> 24; synced > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a minute and %d records, the table was never synced", v+99)
		}
	}
}
