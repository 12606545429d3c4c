package idindex_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/internal/idindex"
)

type osFS struct{}

func (osFS) OpenFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag, perm)
}
func (osFS) Remove(name string) error { return os.Remove(name) }

// logOf is a log of n records whose event IDs are prefix+version; reads
// counts the entries it yielded.
type logOf struct {
	prefix string
	n      uint64
	reads  int
}

func (l *logOf) id(v uint64) string { return fmt.Sprintf("%s%d", l.prefix, v) }

func (l *logOf) src(ctx context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
	return func(yield func(idindex.Entry, error) bool) {
		for v := max(from, 1); v <= l.n; v++ {
			if err := ctx.Err(); err != nil {
				yield(idindex.Entry{}, err)
				return
			}
			l.reads++
			if !yield(idindex.Entry{ID: l.id(v), Version: v}, nil) {
				return
			}
		}
	}
}

func (l *logOf) valid(_ context.Context, m idindex.Mark) (bool, error) {
	return m.Version <= l.n && m.ID == l.id(m.Version), nil
}

func find(t *testing.T, x *idindex.Index, l *logOf, slack uint64, ids ...string) (idindex.Mark, []uint64) {
	t.Helper()
	m, at, err := x.Update(context.Background(), l.src, l.valid, l.n, slack, ids)
	if err != nil {
		t.Fatal(err)
	}
	return m, at
}

func TestFindsWhatItIndexed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	l := &logOf{prefix: "e", n: 10_000}
	x := idindex.New(osFS{}, path, "s")
	m, at := find(t, x, l, 0, "e1", "e4097", "e10000", "nope")
	if m.Version != 10_000 || m.ID != "e10000" {
		t.Fatalf("mark %+v", m)
	}
	if want := []uint64{1, 4097, 10_000, 0}; fmt.Sprint(at) != fmt.Sprint(want) {
		t.Fatalf("found %v, want %v", at, want)
	}
	// Appended since: indexed from the mark on, not from the start.
	l.n, l.reads = 10_010, 0
	_, at = find(t, idindex.New(osFS{}, path, "s"), l, 0, "e10005")
	if at[0] != 10_005 || l.reads != 10 {
		t.Fatalf("found %v after reading %d entries, want 10005 after 10", at, l.reads)
	}
}

func TestSlackLeavesTheTailToTheCaller(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	l := &logOf{prefix: "e", n: 100}
	x := idindex.New(osFS{}, path, "s")
	find(t, x, l, 0)
	l.n = 150
	m, at := find(t, x, l, 64, "e120")
	if m.Version != 100 || at[0] != 0 {
		t.Fatalf("mark %d, found %v: within the slack nothing is indexed", m.Version, at)
	}
	m, at = find(t, x, l, 10, "e120")
	if m.Version != 150 || at[0] != 120 {
		t.Fatalf("mark %d, found %v: beyond the slack the index catches up", m.Version, at)
	}
}

func TestCanceledKeepsCommittedChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	l := &logOf{prefix: "e", n: 10_000}
	ctx, cancel := context.WithCancel(context.Background())
	src := func(_ context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
		return func(yield func(idindex.Entry, error) bool) {
			for e, err := range l.src(ctx, from) {
				if e.Version == 5000 {
					cancel()
				}
				if !yield(e, err) {
					return
				}
			}
		}
	}
	x := idindex.New(osFS{}, path, "s")
	m, _, err := x.Update(ctx, src, l.valid, l.n, 0, nil)
	if !errors.Is(err, context.Canceled) || m.Version != 4096 {
		t.Fatalf("mark %d, err %v; want the first chunk (4096) kept and context.Canceled", m.Version, err)
	}
	l.reads = 0
	m, at := find(t, x, l, 0, "e9999")
	if m.Version != 10_000 || at[0] != 9999 || l.reads != 10_000-4096 {
		t.Fatalf("resumed: mark %d, found %v after %d reads", m.Version, at, l.reads)
	}
}
