package stream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/stream"
)

// A closed store ends a watch with ErrClosed; a break stops it at once.
func TestWatchChangesStops(t *testing.T) {
	st, err := stream.NewStore(context.Background(), stream.Config{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, openCount(t, st, "s"), ev("A", "1"), ev("A", "2"))
	mustAppend(t, openCount(t, st, "s"), ev("A", "3"))
	n := 0
	for _, err := range st.WatchChanges(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 1 {
			break
		}
	}
	ended := make(chan error, 1)
	go func() {
		for _, err := range st.WatchChanges(context.Background(), 0) {
			if err != nil {
				ended <- err
				return
			}
		}
	}()
	time.Sleep(10 * time.Millisecond) // let it reach the live part; a Close before is as good
	_ = st.Close()
	if err := <-ended; !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("WatchChanges after Close ended with %v, want ErrClosed", err)
	}
	for _, err := range st.Changes(context.Background(), 0) {
		if !errors.Is(err, sealstream.ErrClosed) {
			t.Fatalf("Changes after Close = %v, want ErrClosed", err)
		}
	}
}

// Changes stops at a break, and yields a canceled context's error.
func TestChangesStops(t *testing.T) {
	st := newStore(t, stream.Config{})
	for _, id := range []string{"a", "b", "c"} {
		mustAppend(t, openCount(t, st, id), ev("A", "1"))
	}
	n := 0
	for _, err := range st.Changes(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, seq := range []func(func(sealstream.Change, error) bool){st.Changes(ctx, 0), st.WatchChanges(ctx, 0)} {
		for _, err := range seq {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("with a canceled context: %v, want context.Canceled", err)
			}
			break
		}
	}
	for _, err := range st.Changes(context.Background(), 1<<40) {
		if !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Fatalf("Changes after a position never given = %v, want ErrInvalidArgument", err)
		}
	}
}

// noFeed hides the feed of the adapter it wraps.
type noFeed struct{ adapter.Adapter }

// A storage without a change feed says so.
func TestChangesUnsupported(t *testing.T) {
	st := newStore(t, stream.Config{Opener: func(context.Context, string) (adapter.Adapter, error) {
		return noFeed{mem.New()}, nil
	}})
	for _, seq := range []func(func(sealstream.Change, error) bool){
		st.Changes(context.Background(), 0), st.WatchChanges(context.Background(), 0),
	} {
		n := 0
		for _, err := range seq {
			n++
			if !errors.Is(err, errors.ErrUnsupported) {
				t.Fatalf("without a feed: %v, want errors.ErrUnsupported", err)
			}
		}
		if n != 1 {
			t.Fatalf("without a feed: %d yields, want 1", n)
		}
	}
}
