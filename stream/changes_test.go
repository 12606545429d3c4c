package stream_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// changes collects st.Changes(since), failing on an error.
func changes(t *testing.T, st *stream.Store, since uint64) []sealstream.Change {
	t.Helper()
	var out []sealstream.Change
	for c, err := range st.Changes(context.Background(), since) {
		if err != nil {
			t.Fatalf("Changes(%d): %v", since, err)
		}
		out = append(out, c)
	}
	return out
}

func render(cs []sealstream.Change) string {
	s := ""
	for _, c := range cs {
		s += fmt.Sprintf("%s %d-%d; ", c.Stream, c.From, c.To)
	}
	return s
}

// The feed gives every batch of every stream in order, leaves snapshot
// logs out, and resumes after any position it gave.
func TestChangesAcrossStreams(t *testing.T) {
	for name, url := range map[string]string{"mem": "", "file": "file://" + t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			st := newStore(t, stream.Config{URL: url})
			ctx := context.Background()
			a, err := stream.Open(ctx, st, "a", fold.Count(), 0, stream.Snapshots[int]("count", 1))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			b := openCount(t, st, "b")
			mustAppend(t, a, ev("A", "1"))
			mustAppend(t, b, ev("B", "1"))
			mustAppend(t, a, ev("A", "2"), ev("A", "3"))
			if _, err := a.State(ctx); err != nil { // writes a snapshot
				t.Fatal(err)
			}
			mustAppend(t, b, ev("B", "2"))
			all := changes(t, st, 0)
			if got, want := render(all), "a 1-1; b 1-1; a 2-3; b 2-2; "; got != want {
				t.Fatalf("Changes(0) = %s, want %s", got, want)
			}
			for i, c := range all {
				if got, want := render(changes(t, st, c.Position)), render(all[i+1:]); got != want {
					t.Fatalf("Changes(%d) = %s, want %s", c.Position, got, want)
				}
			}
		})
	}
}

// WatchChanges gives the history, then changes appended by another store
// on the same location, and ends with the context's error.
func TestWatchChangesHistoryThenLive(t *testing.T) {
	url := "file://" + t.TempDir()
	st, other := newStore(t, stream.Config{URL: url}), newStore(t, stream.Config{URL: url})
	mustAppend(t, openCount(t, st, "mine"), ev("A", "1"))
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan sealstream.Change)
	ended := make(chan error, 1)
	go func() {
		for c, err := range st.WatchChanges(ctx, 0) {
			if err != nil {
				ended <- err
				return
			}
			got <- c
		}
	}()
	want := []string{"mine 1-1; ", "theirs 1-2; ", "mine 2-2; "}
	for i, w := range want {
		switch i {
		case 1:
			mustAppend(t, openCount(t, other, "theirs"), ev("B", "1"), ev("B", "2"))
		case 2:
			mustAppend(t, openCount(t, st, "mine"), ev("A", "2"))
		}
		select {
		case c := <-got:
			if r := render([]sealstream.Change{c}); r != w {
				t.Fatalf("change %d = %s, want %s", i, r, w)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("change %d (%s) never came", i, w)
		}
	}
	cancel()
	if err := <-ended; !errors.Is(err, context.Canceled) {
		t.Fatalf("WatchChanges ended with %v, want context.Canceled", err)
	}
}
