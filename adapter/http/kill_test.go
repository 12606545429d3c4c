package httpadapter_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// watched is what a watcher saw, shared with the test.
type watched struct {
	mu  sync.Mutex
	ids []string
	err error
}

func (w *watched) snapshot() ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.ids), w.err
}

// watchAll watches s from version 1 into w until ctx ends, recording any
// gap, repeat or error.
func watchAll(ctx context.Context, s *stream.Stream[int], w *watched) {
	for e, err := range s.Watch(ctx, stream.From(1)) {
		w.mu.Lock()
		switch {
		case err != nil && ctx.Err() == nil:
			w.err = err
		case err == nil && e.Version != uint64(len(w.ids))+1:
			w.err = fmt.Errorf("version %d after %d events", e.Version, len(w.ids))
		case err == nil:
			w.ids = append(w.ids, e.ID)
		}
		w.mu.Unlock()
		if err != nil || w.err != nil {
			return
		}
	}
}

// TestKillServer kills the server process with SIGKILL in the middle of
// appends from two devices, three times, and restarts it on the same
// directory and address: every acknowledged append is in the stream once,
// versions are contiguous, every event decrypts, and both devices'
// watches ride out the restarts and see the whole stream once, in order.
func TestKillServer(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	dir := t.TempDir()
	token, tokens := writeTokens(t, t.TempDir())
	args := func(addr string) []string { return []string{"-dir", dir, "-tokens", tokens, "-addr", addr, "-quiet"} }
	proc := startServe(t, args("127.0.0.1:0")...)
	url := proc.url
	devices := []*stream.Stream[int]{openCount(t, device(t, url, token), "alice"), openCount(t, device(t, url, token), "alice")}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	views := []*watched{{}, {}}
	var wwg sync.WaitGroup
	for i, s := range devices {
		wwg.Go(func() { watchAll(wctx, s, views[i]) })
	}

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var awg sync.WaitGroup
	for d, s := range devices {
		awg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("d%d-%d", d, i)
				ev := []sealstream.Event{{ID: id, Type: "Noted", Data: []byte("sealed")}}
				if _, err := s.Append(ctx, ev); err != nil {
					t.Logf("append %s: %v (not acknowledged)", id, err)
					continue
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		})
	}
	ackedNow := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	for round := range 3 {
		waitFor(t, "10 more acknowledged appends", func() bool { return ackedNow() >= 10*(round+1) })
		time.Sleep(time.Duration(rng.IntN(100)) * time.Millisecond)
		proc.kill(t)
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
		proc = startServe(t, args(proc.addr)...)
		t.Logf("round %d: killed and restarted after %d acknowledged appends", round, ackedNow())
	}
	waitFor(t, "appends after the last restart", func() bool { return ackedNow() >= 40 })
	time.Sleep(200 * time.Millisecond)
	close(stop)
	awg.Wait()

	history := readIDs(t, openCount(t, device(t, url, token), "alice"))
	for _, id := range acked {
		if n := count(history, id); n != 1 {
			t.Fatalf("acknowledged event %s is in the stream %d times", id, n)
		}
	}
	for i, w := range views {
		deadline := time.Now().Add(30 * time.Second)
		for {
			ids, err := w.snapshot()
			if err != nil {
				t.Fatalf("device %d's watch: %v", i, err)
			}
			if len(ids) >= len(history) || time.Now().After(deadline) {
				if !slices.Equal(ids, history) {
					t.Fatalf("device %d watched %d events, the stream holds %d", i, len(ids), len(history))
				}
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	stopWatch()
	wwg.Wait()
	proc.stop(t)
}

// readIDs reads the whole stream (decrypting every event) and returns the
// IDs in version order, failing on any error.
func readIDs(t testing.TB, s *stream.Stream[int]) []string {
	t.Helper()
	var ids []string
	for e, err := range s.Read(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Version != uint64(len(ids))+1 {
			t.Fatalf("version %d after %d events", e.Version, len(ids))
		}
		ids = append(ids, e.ID)
	}
	return ids
}

func count(ids []string, id string) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}

// waitFor polls cond until it holds, failing t after 30 seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
	}
}
