package nats_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// batch is an acknowledged append as the feed must report it.
type batch struct {
	stream   string
	from, to uint64
}

// Two adapters on two connections append concurrently to streams of their
// own while a third follows the feed with FeedChanged, now and then
// starting over on a fresh adapter from the position it saved. It sees
// every acknowledged batch once, whole, and in each stream's order.
func TestFeedTwoWritersOneFollower(t *testing.T) {
	const streams, rounds = 2, 40
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	var (
		mu    sync.Mutex
		acked = map[batch]bool{}
		wg    sync.WaitGroup
	)
	defer func() { cancel(); wg.Wait() }()
	for w := range 2 {
		a := openAdapter(t, s.ClientURL(), o)
		for i := range streams {
			id := fmt.Sprintf("w%d-s%d", w, i)
			l := openLog(t, a, id)
			wg.Go(func() {
				var head uint64
				for r := range rounds {
					n := 1 + (r+i)%3
					err := l.Append(ctx, head, adaptertest.Records(id, head, n, nil))
					if err != nil && ctx.Err() == nil {
						t.Errorf("append to %q at %d: %v", id, head, err)
					}
					if err != nil {
						return
					}
					mu.Lock()
					acked[batch{id, head + 1, head + uint64(n)}] = true
					mu.Unlock()
					head += uint64(n)
				}
			})
		}
	}
	var (
		pos  uint64
		seen = map[batch]bool{}
		next = map[string]uint64{}
	)
	follower := openAdapter(t, s.ClientURL(), o).(adapter.Feed)
	for restarts := 0; len(seen) < 2*streams*rounds; {
		ch := follower.FeedChanged()
		restarted := false
		for c, err := range follower.Changes(ctx, pos) {
			if err != nil {
				t.Fatalf("Changes(%d): %v", pos, err)
			}
			b := batch{c.Stream, c.From, c.To}
			if c.Position <= pos || seen[b] || c.From != next[c.Stream]+1 {
				t.Fatalf("change %+v after position %d, stream at %d: out of order or twice", c, pos, next[c.Stream])
			}
			seen[b], next[c.Stream], pos = true, c.To, c.Position
			if len(seen)%25 == 0 && restarts < 8 {
				restarts, restarted = restarts+1, true
				follower = openAdapter(t, s.ClientURL(), o).(adapter.Feed)
				break // start over from the saved position
			}
		}
		if restarted || len(seen) == 2*streams*rounds {
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("FeedChanged did not fire: the feed stalled at %d batches", len(seen))
		}
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(acked) {
		t.Errorf("the feed gave %d batches, %d were acknowledged", len(seen), len(acked))
	}
	for b := range acked {
		if !seen[b] {
			t.Errorf("acknowledged batch %+v missing from the feed", b)
		}
	}
}

func batchesOf(cs []sealstream.Change) []batch {
	out := make([]batch, len(cs))
	for i, c := range cs {
		out[i] = batch{c.Stream, c.From, c.To}
	}
	return out
}

// After a server restart the follower's signal fires, and appends made
// afterwards by another connection are signalled and read from the saved
// position, none missed or repeated.
func TestFeedServerRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, -1)
	addr := s.ClientURL()
	o := freshOptions()
	writer := openLog(t, openAdapter(t, addr, o), "s")
	follower := openAdapter(t, addr, o).(adapter.Feed)
	mustAppend(t, writer, 0, adaptertest.Records("s", 0, 3, nil))
	pos := adaptertest.Changes(t, follower, 0)[0].Position

	ch := follower.FeedChanged()
	stopServer(s)
	startServer(t, dir, portOf(t, addr))
	waitChanged(t, ch, "for the feed after the server restarted")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for v := uint64(3); v < 8; v++ {
		ch := follower.FeedChanged()
		if err := writer.Append(ctx, v, adaptertest.Records("s", v, 1, nil)); err != nil {
			t.Fatalf("append %d after the restart: %v", v+1, err)
		}
		waitChanged(t, ch, "for an append after the restart")
		got := adaptertest.Changes(t, follower, pos)
		if want := []batch{{"s", v + 1, v + 1}}; fmt.Sprint(batchesOf(got)) != fmt.Sprint(want) {
			t.Fatalf("Changes(%d) = %v, want %v", pos, batchesOf(got), want)
		}
		pos = got[0].Position
	}
}
