//go:build linux

package idtable_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/internal/idtable"
)

func root(t testing.TB) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func create(t testing.TB, r *os.Root, stream string) *idtable.Table {
	t.Helper()
	x, err := idtable.Create(r, "s.ids", stream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func open(t *testing.T, r *os.Root, stream string) *idtable.Table {
	t.Helper()
	x, err := idtable.Open(r, "s.ids", stream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func entries(from, n int, prefix string) []idtable.Entry {
	es := make([]idtable.Entry, n)
	for i := range es {
		v := from + i
		es[i] = idtable.Entry{ID: fmt.Sprintf("%s%d", prefix, v), Version: uint64(v)}
	}
	return es
}

func add(t *testing.T, x *idtable.Table, es []idtable.Entry) {
	t.Helper()
	if err := x.Add(es); err != nil {
		t.Fatal(err)
	}
}

func lookup(t *testing.T, x *idtable.Table, id string) []uint64 {
	t.Helper()
	vs, err := x.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// Every entry is found at its version through many growths, from the
// handle that added it and from another one on the same file, as a
// second process would see it; absent IDs find (almost) nothing.
func TestAddAndLookup(t *testing.T) {
	r := root(t)
	w := create(t, r, "s")
	other := open(t, r, "s")
	const n = 100_000
	for v := 1; v <= n; v += 1000 {
		add(t, w, entries(v, 1000, "e"))
	}
	for _, x := range []*idtable.Table{w, other} {
		for v := 1; v <= n; v += 7 {
			if vs := lookup(t, x, fmt.Sprint("e", v)); !slices.Contains(vs, uint64(v)) {
				t.Fatalf("e%d: candidates %v", v, vs)
			}
		}
		stray := 0
		for i := range 10_000 {
			stray += len(lookup(t, x, fmt.Sprint("absent", i)))
		}
		if stray > 2 {
			t.Fatalf("%d candidates for 10,000 absent IDs", stray)
		}
		if m, _ := x.Mark(); m.Version != n || m.Check != x.Check(fmt.Sprint("e", n)) {
			t.Fatalf("mark %+v", m)
		}
	}
	st, err := r.Stat("s.ids")
	if err != nil {
		t.Fatal(err)
	}
	if perEntry := float64(st.Size()) / n; perEntry > 24 {
		t.Fatalf("%.1f bytes per entry", perEntry)
	}
}

func TestAddMustFollowTheMark(t *testing.T) {
	x := create(t, root(t), "s")
	add(t, x, entries(1, 10, "e"))
	for _, es := range [][]idtable.Entry{entries(12, 1, "e"), entries(10, 2, "e"), {{ID: "a", Version: 11}, {ID: "b", Version: 13}}} {
		if err := x.Add(es); !errors.Is(err, idtable.ErrGap) {
			t.Fatalf("Add(%v): %v", es, err)
		}
	}
}

// After a reboot the mark falls back to the last sync; adding the entries
// after it again finds the slots that survived and fills the others.
func TestRebootFallsBackToTheSyncedMark(t *testing.T) {
	r := root(t)
	x := create(t, r, "s")
	add(t, x, entries(1, 500, "e"))
	if err := x.Sync(); err != nil {
		t.Fatal(err)
	}
	add(t, x, entries(501, 500, "e"))
	later := open(t, r, "s")
	idtable.Reboot(later)
	if m, _ := later.Mark(); m.Version != 500 || m.Check != x.Check("e500") {
		t.Fatalf("mark after reboot %+v", m)
	}
	before, err := r.Stat("s.ids")
	if err != nil {
		t.Fatal(err)
	}
	add(t, later, entries(501, 1000, "e"))
	for v := 1; v <= 1500; v++ {
		if vs := lookup(t, later, fmt.Sprint("e", v)); len(vs) != 1 || vs[0] != uint64(v) {
			t.Fatalf("e%d: candidates %v", v, vs)
		}
	}
	// The 500 added again were found, not added twice: the 1,500 slots
	// fit in the tables the 1,000 of the first boot had made.
	if after, _ := r.Stat("s.ids"); after.Size() != before.Size() {
		t.Fatalf("file grew from %d to %d bytes adding entries again", before.Size(), after.Size())
	}
}

// Damage to the header under the mapping is an error, never a panic, and a
// last table full of noise is followed by a new one.
func TestDamagedHeaderAndFullTable(t *testing.T) {
	r := root(t)
	x := create(t, r, "s")
	add(t, x, entries(1, 2000, "e"))
	for _, words := range [][2]uint64{{idtable.WordTables, 0}, {idtable.WordTables, 99}, {idtable.WordCount, 1 << 40}} {
		idtable.Poke(x, int(words[0]), words[1])
		if _, err := x.Lookup("e1"); !errors.Is(err, idtable.ErrInvalid) {
			t.Fatalf("lookup with word %d = %d: %v", words[0], words[1], err)
		}
		if err := x.Add(entries(2001, 1, "e")); !errors.Is(err, idtable.ErrInvalid) {
			t.Fatalf("add with word %d = %d: %v", words[0], words[1], err)
		}
	}
	y := create(t, r, "s")
	add(t, y, entries(1, 100, "e"))
	idtable.Poke(y, idtable.WordCount, 0) // as after a crash, or noise
	slots := idtable.Slots(y)
	for i := range slots {
		if slots[i] == 0 {
			slots[i] = 1<<63 | 7 // a version that holds another ID
		}
	}
	add(t, y, entries(101, 50, "e"))
	if vs := lookup(t, y, "e120"); !slices.Contains(vs, 120) {
		t.Fatalf("e120 after a full table: %v", vs)
	}
}
