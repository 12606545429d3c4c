//go:build linux

package idtable_test

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/sealstream/sealstream/internal/idtable"
)

func TestOpenChecksTheFile(t *testing.T) {
	r := root(t)
	create(t, r, "s")
	if _, err := idtable.Open(r, "s.ids", "t"); !errors.Is(err, idtable.ErrInvalid) {
		t.Fatalf("another stream's table: %v", err)
	}
	if _, err := idtable.Open(r, "none.ids", "s"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	for name, content := range map[string][]byte{"short": []byte("x"), "zeros": make([]byte, 8192)} {
		if err := r.WriteFile(name, content, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := idtable.Open(r, name, "s"); !errors.Is(err, idtable.ErrInvalid) {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// A file cut short under the mapping is an error, not a crash.
func TestFileCutUnderTheMapping(t *testing.T) {
	r := root(t)
	x := create(t, r, "s")
	add(t, x, entries(1, 5000, "e"))
	f, err := r.OpenFile("s.ids", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := x.Lookup("e4000"); !errors.Is(err, idtable.ErrInvalid) {
		t.Fatalf("lookup: %v", err)
	}
	if err := x.Add(entries(5001, 1, "e")); !errors.Is(err, idtable.ErrInvalid) {
		t.Fatalf("add: %v", err)
	}
}

// Creating a table again, or removing it, retires the old file for every
// handle that mapped it.
func TestReplacedTableIsRetired(t *testing.T) {
	r := root(t)
	old := create(t, r, "s")
	add(t, old, entries(1, 10, "e"))
	fresh := create(t, r, "s")
	if _, err := old.Lookup("e1"); !errors.Is(err, idtable.ErrRetired) || !old.Retired() {
		t.Fatalf("old table after Create: %v", err)
	}
	if vs := lookup(t, fresh, "e1"); len(vs) != 0 {
		t.Fatalf("fresh table holds %v", vs)
	}
	if err := idtable.Remove(r, "s.ids"); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Add(entries(1, 1, "e")); !errors.Is(err, idtable.ErrRetired) {
		t.Fatalf("after Remove: %v", err)
	}
}
