package file_test

import (
	"bufio"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestConsumerAcrossKills is the feed's promise under kill -9: two
// processes append batches to their own streams, with several goroutines
// each, and kill themselves at a random write of the feed, round after
// round, while a consumer in this process reads the changes after the
// last position it handled, never from the start again. Every batch a
// child acknowledged reaches the consumer.
func TestConsumerAcrossKills(t *testing.T) {
	rng := seeded(t)
	dir := t.TempDir()
	c := openAdapter(t, dir, quiet())
	var pos uint64
	seen := map[string]map[uint64]bool{}
	consume := func() {
		for ch, err := range c.Changes(context.Background(), pos) {
			mustf(t, err, "changes after %d", pos)
			pos = ch.Position
			if seen[ch.Stream] == nil {
				seen[ch.Stream] = map[uint64]bool{}
			}
			for v := ch.From; v <= ch.To; v++ {
				seen[ch.Stream][v] = true
			}
		}
	}
	acked := map[string][]uint64{}
	for round := range max(1, *roundsFlag/3) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for p := range 2 {
			id, k := fmt.Sprintf("k%d", p), 1+rng.IntN(40)
			env := []string{"DIR=" + dir, "STREAM=" + id, "COUNT=100000", "WORKERS=3", "BATCH=4",
				fmt.Sprintf("KILL_FEED=%d", k), fmt.Sprintf("ROUND=%d", round), fmt.Sprintf("SEED=%d", rng.Uint64())}
			wg.Go(func() {
				vs := childAcks(t, helper("append", env...))
				mu.Lock()
				acked[id] = append(acked[id], vs...)
				mu.Unlock()
			})
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		for running := true; running; {
			select {
			case <-done:
				running = false
			case <-time.After(2 * time.Millisecond):
			}
			consume()
		}
		consume()
		for id, vs := range acked { // an acknowledged batch is in the feed at once
			for _, v := range vs {
				if !seen[id][v] {
					t.Fatalf("round %d: version %d of %s, acknowledged, is not in the feed", round, v, id)
				}
			}
		}
		// The batch each child was killed in is durable, unacknowledged: the
		// reconcile the consumer's adapter starts adds it, after pos.
		heads := map[string]uint64{}
		for id := range acked {
			heads[id] = headOf(t, openLog(t, c, id))
		}
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			consume()
			missing := 0
			for id, h := range heads {
				for v := uint64(1); v <= h; v++ {
					if !seen[id][v] {
						missing++
					}
				}
			}
			if missing == 0 {
				t.Logf("round %d: heads %v, read up to position %d", round, heads, pos)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: %d stored versions never reached the consumer", round, missing)
			}
		}
	}
}

// childAcks runs cmd, a child of role "append" that kills itself, to its
// death and returns the versions it acknowledged.
func childAcks(t *testing.T, cmd *exec.Cmd) []uint64 {
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Errorf("stdout pipe: %v", err)
		return nil
	}
	if err := cmd.Start(); err != nil {
		t.Errorf("start child: %v", err)
		return nil
	}
	var vs []uint64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "ack" {
			v, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				t.Errorf("ack line %q: %v", sc.Text(), err)
			}
			vs = append(vs, v)
		}
	}
	if err := cmd.Wait(); err == nil {
		t.Errorf("the child was not killed")
	}
	return vs
}
