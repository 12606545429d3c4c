package idindex_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/internal/idindex"
)

// An index whose mark the log no longer holds (the log was erased and
// written again, or cut) is emptied and built again.
func TestRebuiltWhenTheLogDisagrees(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	find(t, idindex.New(osFS{}, path, "s"), &logOf{prefix: "old", n: 300}, 0)
	for name, l := range map[string]*logOf{
		"other IDs":  {prefix: "new", n: 300},
		"log is cut": {prefix: "old", n: 200},
	} {
		t.Run(name, func(t *testing.T) {
			l.reads = 0
			m, at := find(t, idindex.New(osFS{}, path, "s"), l, 0, "old150", l.id(150))
			if m != (idindex.Mark{Version: l.n, ID: l.id(l.n)}) || l.reads != int(l.n) {
				t.Fatalf("mark %+v after %d reads, want a rebuild to %d", m, l.reads, l.n)
			}
			if l.prefix == "new" && (at[0] != 0 || at[1] != 150) {
				t.Fatalf("found %v: an entry of the old log survived", at)
			}
			find(t, idindex.New(osFS{}, path, "s"), &logOf{prefix: "old", n: 300}, 0) // restore
		})
	}
}

// An index file copied from another stream is not used.
func TestAnotherStreamsIndexIsNotUsed(t *testing.T) {
	dir := t.TempDir()
	l := &logOf{prefix: "e", n: 50}
	find(t, idindex.New(osFS{}, filepath.Join(dir, "a.ids"), "a"), l, 0)
	b, err := os.ReadFile(filepath.Join(dir, "a.ids"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.ids"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	l.reads = 0
	other := &logOf{prefix: "e", n: 50} // same IDs: only the stream name differs
	find(t, idindex.New(osFS{}, filepath.Join(dir, "b.ids"), "b"), other, 0)
	if other.reads != 50 {
		t.Fatalf("read %d entries: the copied index was trusted", other.reads)
	}
}

// A damaged index file is dropped and built again, never a panic.
func TestDamagedFileIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	l := &logOf{prefix: "e", n: 5000}
	path := filepath.Join(dir, "s.ids")
	find(t, idindex.New(osFS{}, path, "s"), l, 0)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	damages := map[string][]byte{
		"garbage":   bytes.Repeat([]byte{0xA5}, len(good)),
		"truncated": good[:len(good)/3],
		"empty":     nil,
		"meta zero": append(make([]byte, 8192), good[8192:]...),
	}
	for name, b := range damages {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			m, at := find(t, idindex.New(osFS{}, path, "s"), l, 0, "e4321")
			if m.Version != 5000 || at[0] != 4321 {
				t.Fatalf("mark %d, found %v", m.Version, at)
			}
		})
	}
}
