package stream_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// Seed test 14: with CacheSize 2, closing a third stream evicts the least
// recently used one; reopening a warm stream does not touch the adapter.
func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	sp := newSpy()
	st := newStore(t, stream.Config{Opener: sp.opener(), CacheSize: 2})
	ctx := context.Background()
	for _, id := range []string{"a", "b", "c"} {
		s, err := stream.Open(ctx, st, id, fold.Count(), 0)
		if err != nil {
			t.Fatal(err)
		}
		mustAppend(t, s, ev("T", id))
		_ = s.Close()
	}
	want := map[string][2]int{"a": {1, 1}, "b": {1, 0}, "c": {1, 0}}
	for id, w := range want {
		if o, c := sp.counts(id); o != w[0] || c != w[1] {
			t.Fatalf("stream %s: opened %d closed %d, want %v", id, o, c, w)
		}
	}
	s, err := stream.Open(ctx, st, "b", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.State(ctx); n != 1 || err != nil {
		t.Fatalf("warm stream State = %d, %v", n, err)
	}
	if o, _ := sp.counts("b"); o != 1 {
		t.Fatalf("reopening a warm stream opened the adapter again (%d opens)", o)
	}
	_ = s.Close()
}

// Seed test 11: the in-memory store keeps nothing after it is closed.
func TestInMemoryNoPersistence(t *testing.T) {
	ctx := context.Background()
	for round := range 2 {
		st := newStore(t, stream.Config{URL: "mem://"})
		s := openCount(t, st, "u")
		if n, err := s.State(ctx); n != 0 || err != nil {
			t.Fatalf("round %d: new store State = %d, %v; want 0", round, n, err)
		}
		mustAppend(t, s, ev("T", "x"), ev("T", "y"))
		states := collectN(t, s.ReadAndWatch(ctx), 2)
		if states[1] != 2 {
			t.Fatalf("round %d: ReadAndWatch = %v", round, states)
		}
		_ = st.Close()
	}
}

// Seed test 15: appends and watches on many streams at once, without races
// (run with -race). Also TESTING.md row 5 at a smaller scale: 64 goroutines
// on one stream give contiguous versions and unique IDs.
func TestConcurrentStreams(t *testing.T) {
	st := newStore(t, stream.Config{})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 8 {
		id := fmt.Sprint("user-", i)
		w, r := openCount(t, st, id), openCount(t, st, id)
		wg.Go(func() {
			for j := range 20 {
				if _, err := w.Append(ctx, []sealstream.Event{ev("T", fmt.Sprint(j))}); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() {
			if got := collectN(t, r.ReadAndWatch(ctx), 20); got[19] != 20 {
				t.Errorf("%s: watched %v", id, got)
			}
		})
	}
	wg.Wait()
	const writers, each = 64, 100
	s := openVersions(t, st, "hot")
	for w := range writers {
		wg.Go(func() {
			for j := range each {
				e := sealstream.Event{ID: fmt.Sprintf("w%d-%d", w, j), Type: "T"}
				if _, err := s.Append(ctx, []sealstream.Event{e}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	got, err := s.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantSeq(t, got, 1, writers*each)
	events, _ := s.Search(ctx, func(sealstream.Event) bool { return true })
	ids := map[string]bool{}
	for _, e := range events {
		ids[e.ID] = true
	}
	if len(ids) != writers*each {
		t.Fatalf("%d distinct IDs, want %d", len(ids), writers*each)
	}
}
