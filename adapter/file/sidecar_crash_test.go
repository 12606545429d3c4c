package file_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/file"
)

// childOptions are the options of a child process: quiet, with the
// sidecar saved every INDEX_EVERY records if that is set, and the process
// killing itself with SIGKILL at its KILL_SIDECAR-th file operation on a
// sidecar, or its KILL_FEED-th write of the change feed, if that is set.
func childOptions() *file.Options {
	o := quiet()
	o.IndexEvery, _ = strconv.Atoi(os.Getenv("INDEX_EVERY"))
	suffix, env, ops := ".idx", "KILL_SIDECAR", file.Op(0)
	if os.Getenv("KILL_FEED") != "" {
		suffix, env, ops = "changes.feed", "KILL_FEED", file.OpWrite
	}
	if k, _ := strconv.Atoi(os.Getenv(env)); k > 0 {
		var n atomic.Int64
		o.Fault = func(op file.Op, name string, _ int) (int, error) {
			if strings.HasSuffix(name, suffix) && (ops == 0 || op == ops) && n.Add(1) == int64(k) {
				if p, err := os.FindProcess(os.Getpid()); err == nil {
					_ = p.Kill()
				}
				time.Sleep(time.Minute)
			}
			return 0, nil
		}
	}
	return o
}

// TestKill9WithSidecar reruns the kill -9 test with the sidecar saved
// every 16 records. The child kills itself at its k-th file operation on
// the sidecar, k random in 1…8, unless the random kill comes first: after
// a batch was written and fsynced but before the sidecar's entries, or
// between the entries and the header. Every acknowledged record is
// there, versions are contiguous, batches whole, a second reopen cuts
// nothing, and reads from random versions through the sidecar agree with
// a read of everything.
func TestKill9WithSidecar(t *testing.T) {
	for _, workers := range []int{1, 16} {
		t.Run(fmt.Sprintf("%d appenders", workers), func(t *testing.T) {
			rng := seeded(t)
			dir := t.TempDir()
			acked := map[uint64]string{}
			for round := range *roundsFlag {
				waitAcks, pause := rng.IntN(40), time.Duration(rng.IntN(2000))*time.Microsecond
				k := 1 + rng.IntN(8)
				env := []string{fmt.Sprintf("WORKERS=%d", workers), "BATCH=20", "INDEX_EVERY=16",
					fmt.Sprintf("KILL_SIDECAR=%d", k), fmt.Sprintf("ROUND=%d", round), fmt.Sprintf("SEED=%d", rng.Uint64())}
				n := killRound(t, dir, env, waitAcks, pause, acked)
				cut := checkAfterCrash(t, dir, acked)
				checkSeeks(t, dir, rng)
				t.Logf("round %d: killed after %d acks (sidecar operation %d, or +%v); %d acknowledged in all; %d torn tails cut",
					round, n, k, pause, len(acked), cut)
			}
		})
	}
}

// checkSeeks reads the stream "crashy" in dir from random versions, with
// the sidecar saved every 16 records, and compares with a read of it all.
func checkSeeks(t *testing.T, dir string, rng *rand.Rand) {
	t.Helper()
	a := openAdapter(t, dir, sideOpts(16))
	l := openLog(t, a, "crashy")
	all := readAll(t, l)
	for range 5 {
		readFrom(t, l, uint64(1+rng.IntN(len(all)+1)), all)
	}
	mustf(t, a.Close(), "close")
}
