package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// Watch yields the history, then live appends, each event once, in order,
// also while another goroutine appends during the replay.
func TestWatchEventsHistoryThenLive(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := openCount(t, newStore(t, stream.Config{}), "u")
	for range 50 {
		mustAppend(t, s, ev("T", "old"))
	}
	go func() {
		for range 50 {
			if _, err := s.Append(ctx, []sealstream.Event{ev("T", "new")}); err != nil {
				return
			}
		}
	}()
	want := uint64(1)
	for e, err := range s.Watch(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Version != want || (want <= 50) != (string(e.Data) == "old") {
			t.Fatalf("event %d (%q), want version %d", e.Version, e.Data, want)
		}
		if want == 100 {
			break
		}
		want++
	}
	cancel()
	for _, err := range s.Watch(ctx) {
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Watch on a canceled context = %v", err)
		}
		break
	}
	_ = s.Close()
	for _, err := range s.Watch(context.Background()) {
		if !errors.Is(err, sealstream.ErrClosed) {
			t.Fatalf("Watch after Close = %v, want ErrClosed", err)
		}
		break
	}
}

// A fold saved as (state, version) resumes where it stopped: the resumed
// states equal those of a fold from scratch.
func TestFollowResumesASavedFold(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := openCount(t, newStore(t, stream.Config{}), "u")
	for range 5 {
		mustAppend(t, s, ev("T", "x"))
	}
	var saved stream.Versioned[int]
	for v, err := range s.Follow(ctx, s.Start()) {
		if err != nil {
			t.Fatal(err)
		}
		if saved = v; v.Version == 3 {
			break // the process stops here, having saved its state
		}
	}
	if saved.State != 3 || saved.Version != 3 {
		t.Fatalf("saved %+v, want state 3 at version 3", saved)
	}
	mustAppend(t, s, ev("T", "later"))
	next := uint64(4)
	for v, err := range s.Follow(ctx, saved) {
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != next || v.State != int(next) {
			t.Fatalf("resumed %+v, want state and version %d", v, next)
		}
		if next == 6 {
			break
		}
		next++
	}
}
