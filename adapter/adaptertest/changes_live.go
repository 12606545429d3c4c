package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// feedWait bounds the wait for a feed signal that must come.
const feedWait = 30 * time.Second

// testFeedChanged checks the feed's signal fires after an append by
// another handle, and that the change is then readable.
func testFeedChanged(t *testing.T, a adapter.Adapter) {
	f := feedOf(t, a)
	fill(t, a, "live-a", 2)
	last := Changes(t, f, 0)[0].Position
	ch := f.FeedChanged()
	fill(t, a, "live-b", 3)
	select {
	case <-ch:
	case <-time.After(feedWait):
		t.Fatal("FeedChanged did not fire after an append")
	}
	got := Changes(t, f, last)
	if len(got) != 1 || got[0].Stream != "live-b" || got[0].From != 1 || got[0].To != 3 {
		t.Fatalf("Changes(%d) after the signal = %+v, want live-b 1-3", last, got)
	}
}

// testChangesErase checks an erased stream's changes leave the feed,
// other streams' stay, and the stream's new life is fed again.
func testChangesErase(t *testing.T, a adapter.Adapter) {
	f := feedOf(t, a)
	for _, id := range []string{"gone", "kept", "gone", "kept"} {
		l := OpenLog(t, a, id)
		h := HeadOf(t, l)
		appendOK(t, l, h.Version, Records(id, h.Version, 2, prevOf(id, h)))
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	erase(t, a, "gone")
	fill(t, a, "gone", 1)
	got := batches(Changes(t, f, 0))
	want := []batch{{"kept", 1, 2}, {"kept", 3, 4}, {"gone", 1, 1}}
	if len(got) != len(want) {
		t.Fatalf("Changes after Erase = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Changes after Erase = %v, want %v", got, want)
		}
	}
}

// testChangesStops checks an early break, a canceled context, a position
// the feed never gave and a closed adapter.
func testChangesStops(t *testing.T, a adapter.Adapter) {
	f := feedOf(t, a)
	for _, id := range []string{"s1", "s2", "s3"} {
		fill(t, a, id, 1)
	}
	n := 0
	for _, err := range f.Changes(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	firstChangeErr(t, "canceled", f.Changes(ctx, 0), context.Canceled)
	all := Changes(t, f, 0)
	if len(all) != 3 {
		t.Fatalf("Changes(0) = %+v, want 3 changes", all)
	}
	for i, c := range all {
		// A position the feed could not have given is refused, or, where
		// any number is a position, gives the changes after it.
		got, err := collect(f, c.Position+1)
		if errors.Is(err, sealstream.ErrInvalidArgument) {
			continue
		} else if err != nil {
			t.Fatalf("Changes(%d) = %v", c.Position+1, err)
		}
		var want []sealstream.Change
		for _, d := range all[i+1:] {
			if d.Position > c.Position+1 {
				want = append(want, d)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Changes(%d) = %+v, want %+v", c.Position+1, got, want)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	firstChangeErr(t, "after Close", f.Changes(context.Background(), 0), sealstream.ErrClosed)
	select {
	case <-f.FeedChanged():
	case <-time.After(feedWait):
		t.Error("FeedChanged after Close is not closed")
	}
}

func collect(f adapter.Feed, since uint64) ([]sealstream.Change, error) {
	var out []sealstream.Change
	for c, err := range f.Changes(context.Background(), since) {
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

func firstChangeErr(t *testing.T, what string, seq func(func(sealstream.Change, error) bool), want error) {
	t.Helper()
	for _, err := range seq {
		if !errors.Is(err, want) {
			t.Errorf("Changes %s: first error = %v, want %v", what, err, want)
		}
		return
	}
	t.Errorf("Changes %s yielded nothing, want %v", what, want)
}
