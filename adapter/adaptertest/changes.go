package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// feedOf returns a's change feed, skipping the test for an adapter without
// one.
func feedOf(t *testing.T, a adapter.Adapter) adapter.Feed {
	t.Helper()
	f, ok := a.(adapter.Feed)
	if !ok {
		t.Skip("the adapter keeps no change feed (not an adapter.Feed)")
	}
	for _, err := range f.Changes(context.Background(), 0) {
		if errors.Is(err, errors.ErrUnsupported) {
			t.Skip("the adapter found it keeps no change feed: ", err)
		}
		break
	}
	return f
}

// Changes collects f.Changes(since) to the end, failing the test on an
// error or a position that does not grow.
func Changes(tb testing.TB, f adapter.Feed, since uint64) []sealstream.Change {
	tb.Helper()
	var out []sealstream.Change
	last := since
	for c, err := range f.Changes(context.Background(), since) {
		if err != nil {
			tb.Fatalf("Changes(%d): %v", since, err)
		}
		if c.Position <= last {
			tb.Fatalf("Changes(%d): position %d after %d", since, c.Position, last)
		}
		last = c.Position
		out = append(out, c)
	}
	return out
}

// batch is a change without its position.
type batch struct {
	stream   string
	from, to uint64
}

func (b batch) String() string { return fmt.Sprintf("%q %d-%d", b.stream, b.from, b.to) }

func batches(cs []sealstream.Change) []batch {
	out := make([]batch, len(cs))
	for i, c := range cs {
		out[i] = batch{c.Stream, c.From, c.To}
	}
	return out
}

// testChanges appends batches one after another to several streams, the
// hostile IDs among them, and checks the feed gives exactly those batches
// in that order, from the start and from every position it gave.
func testChanges(t *testing.T, a adapter.Adapter) {
	f := feedOf(t, a)
	if got := Changes(t, f, 0); len(got) != 0 {
		t.Fatalf("new feed: %v", got)
	}
	ids := append([]string{"feed-a", "feed-b"}, HostileIDs...)
	heads := map[string]uint64{}
	var want []batch
	for i := range 2 * len(ids) {
		id := ids[i%len(ids)]
		if i%3 == 1 {
			id = "feed-a"
		}
		n := 1 + i%3
		l := OpenLog(t, a, id)
		appendOK(t, l, heads[id], Records(id, heads[id], n, nil))
		appendOK(t, l, heads[id]+uint64(n), nil) // an empty batch is no change
		isErr(t, "Append at wrong head", l.Append(context.Background(), 0, Records(id, 0, 1, nil)), sealstream.ErrConflict)
		want = append(want, batch{id, heads[id] + 1, heads[id] + uint64(n)})
		heads[id] += uint64(n)
	}
	got := Changes(t, f, 0)
	if g, w := fmt.Sprint(batches(got)), fmt.Sprint(want); g != w {
		t.Fatalf("Changes(0) =\n%s\nwant\n%s", g, w)
	}
	for i, c := range got {
		rest := Changes(t, f, c.Position)
		if g, w := fmt.Sprint(batches(rest)), fmt.Sprint(want[i+1:]); g != w {
			t.Fatalf("Changes(%d) =\n%s\nwant\n%s", c.Position, g, w)
		}
		if i+1 < len(got) && rest[0].Position != got[i+1].Position {
			t.Fatalf("Changes(%d) starts at %d, the full feed has %d next", c.Position, rest[0].Position, got[i+1].Position)
		}
	}
}

// testChangesConcurrent appends from several goroutines to several
// streams, some sharing one, and checks the feed holds every acknowledged
// batch once: per stream the ranges tile 1…head in order.
func testChangesConcurrent(t *testing.T, a adapter.Adapter) {
	f := feedOf(t, a)
	const workers, rounds = 6, 15
	done := make(chan error, workers)
	for w := range workers {
		go func() {
			id := fmt.Sprintf("conc-%d", w%4)
			l, err := a.Open(context.Background(), id)
			if err != nil {
				done <- err
				return
			}
			defer l.Close()
			for r := 0; r < rounds; {
				h, err := l.Head(context.Background())
				if err != nil {
					done <- err
					return
				}
				err = l.Append(context.Background(), h.Version, Records(id, h.Version, 1+r%2, prevOf(id, h)))
				if errors.Is(err, sealstream.ErrConflict) {
					continue
				} else if err != nil {
					done <- err
					return
				}
				r++
			}
			done <- nil
		}()
	}
	for range workers {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	next := map[string]uint64{}
	for _, c := range Changes(t, f, 0) {
		if c.From != next[c.Stream]+1 || c.To < c.From {
			t.Fatalf("change %+v: want it to start at %d", c, next[c.Stream]+1)
		}
		next[c.Stream] = c.To
	}
	for s, v := range next {
		if h := HeadOf(t, OpenLog(t, a, s)); h.Version != v {
			t.Errorf("stream %q: feed covers up to %d, head is %d", s, v, h.Version)
		}
	}
	if len(next) != 4 {
		t.Errorf("feed names %d streams, want 4", len(next))
	}
}

// prevOf is the hash a record appended after h chains to.
func prevOf(id string, h adapter.Head) []byte {
	if h.Version == 0 {
		return nil
	}
	return codec.Hash(id, &h.Last)
}
