package s3_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// TestKillBetweenPutAndAck kills a writer process with SIGKILL, in odd
// rounds right after the server stored one of its commits and before
// Append returned, in even rounds at a random moment. After each kill
// every acknowledged batch is present, the batch whose PUT succeeded is
// present whole, no batch is present in part, and the next writer (a new
// process, finding the head with a stale hint) goes on from there.
func TestKillBetweenPutAndAck(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	u := freshURL(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), adaptertest.ProcessStream)
	for round := range 8 {
		hang := round%2 == 0
		before := adaptertest.HeadOf(t, l).Version
		acked := max(killWriter(t, u, hang, rng), before)
		h := adaptertest.HeadOf(t, l)
		landed := (h.Version - before) / batchSize
		switch {
		case h.Version%batchSize != 0:
			t.Fatalf("round %d: head %d is inside a batch of %d", round, h.Version, batchSize)
		case h.Version < acked:
			t.Fatalf("round %d: head %d, but %d was acknowledged", round, h.Version, acked)
		case hang && h.Version != acked+batchSize:
			t.Fatalf("round %d: head %d, want the stored, unacknowledged batch after %d", round, h.Version, acked)
		case !hang && h.Version > acked+batchSize:
			t.Fatalf("round %d: head %d, more than one batch past the last acknowledged %d", round, h.Version, acked)
		}
		t.Logf("round %d: %d batches landed, head %d, last acknowledged %d", round, landed, h.Version, acked)
	}
	recs := adaptertest.ReadAll(t, l, 1)
	want := adaptertest.Records(adaptertest.ProcessStream, 0, len(recs), nil)
	for i, r := range recs {
		if r.Version != uint64(i)+1 || r.ID != want[i].ID {
			t.Fatalf("record %d is version %d ID %q, want %d %q", i, r.Version, r.ID, i+1, want[i].ID)
		}
	}
}

// killWriter runs the "batches" role until it is killed and returns the
// last version it acknowledged (0: none this round).
func killWriter(t *testing.T, u string, hang bool, rng *rand.Rand) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var env []string
	if hang {
		env = append(env, hangEnv+"="+strconv.Itoa(1+rng.IntN(20)))
	}
	cmd, out := adaptertest.StartChild(ctx, t, u, adaptertest.Child{Role: "batches"}, env...)
	lines := bufio.NewScanner(out)
	var acked uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for lines.Scan() {
			text := lines.Text()
			if v, ok := strings.CutPrefix(text, "ack "); ok {
				acked, _ = strconv.ParseUint(v, 10, 64)
			} else if text == "put" {
				_ = cmd.Process.Kill() // SIGKILL
			}
		}
	}()
	if !hang {
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		_ = cmd.Process.Kill()
	}
	<-done
	err := cmd.Wait()
	if err == nil || !strings.Contains(fmt.Sprint(err), "killed") {
		t.Fatalf("writer ended with %v, want killed", err)
	}
	return acked
}
