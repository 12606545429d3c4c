package file_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// The tests that need other processes re-execute the test binary, running
// only TestHelperProcess, with the role in this variable.
const roleEnv = "SEALSTREAM_FILE_TEST_ROLE"

// helper returns a command running role in a new process of this test
// binary; env holds KEY=value settings for it.
func helper(role string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), roleEnv+"="+role), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestHelperProcess is the body of the child processes; run directly, it
// does nothing.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(roleEnv)
	if role == "" {
		return
	}
	a, err := file.Open(context.Background(), os.Getenv("DIR"), childOptions())
	mustf(t, err, "child: open")
	defer a.Close()
	l, err := a.Open(context.Background(), os.Getenv("STREAM"))
	mustf(t, err, "child: open stream")
	defer l.Close()
	n, _ := strconv.Atoi(os.Getenv("COUNT"))
	switch role {
	case "write": // append COUNT records, one per call
		for range n {
			appendOne(t, l, "w")
		}
	case "contend": // append COUNT records racing other processes
		for i := range n {
			appendOne(t, l, fmt.Sprintf("p%s-%d", os.Getenv("PROC"), i))
		}
	case "append": // WORKERS goroutines append batches of 1 to BATCH records until COUNT, printing acks
		workers, _ := strconv.Atoi(os.Getenv("WORKERS"))
		maxBatch, _ := strconv.Atoi(os.Getenv("BATCH"))
		seed, _ := strconv.ParseUint(os.Getenv("SEED"), 10, 64)
		var out sync.Mutex
		var wg sync.WaitGroup
		for w := range workers {
			wl, err := a.Open(context.Background(), os.Getenv("STREAM"))
			mustf(t, err, "child: open stream")
			defer wl.Close()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			wg.Go(func() {
				for i := 0; ; i++ {
					prefix := fmt.Sprintf("r%sw%d-%d", os.Getenv("ROUND"), w, i)
					first, ids := appendBatch(t, wl, prefix, 1+rng.IntN(maxBatch))
					if first > uint64(n) {
						return
					}
					var acks strings.Builder
					for j, id := range ids {
						fmt.Fprintf(&acks, "ack %d %s\n", first+uint64(j), id)
					}
					out.Lock()
					_, _ = os.Stdout.WriteString(acks.String())
					out.Unlock()
				}
			})
		}
		wg.Wait()
	default:
		t.Fatalf("unknown role %q", role)
	}
}

// appendBatch appends a batch of n crash records at the head, retrying on
// conflicts, and returns the version of its first record and the IDs,
// prefix.j.n for j = 0…n-1.
func appendBatch(t *testing.T, l adapter.Log, prefix string, n int) (uint64, []string) {
	ids := make([]string, n)
	for j := range ids {
		ids[j] = fmt.Sprintf("%s.%d.%d", prefix, j, n)
	}
	for {
		h, err := l.Head(context.Background())
		mustf(t, err, "child: head")
		batch := make([]codec.Record, n)
		for j, id := range ids {
			batch[j] = crashRecord(h.Version+1+uint64(j), id)
		}
		err = l.Append(context.Background(), h.Version, batch)
		if err == nil {
			return h.Version + 1, ids
		}
		if !errors.Is(err, sealstream.ErrConflict) {
			t.Fatalf("child: append: %v", err)
		}
	}
}

// crashRecord is record with a payload of 200 bytes.
func crashRecord(version uint64, id string) codec.Record {
	r := record(version, id)
	r.Payload = fmt.Appendf(nil, "%-200s", r.Payload)[:200]
	return r
}

// appendOne appends one record at the head, retrying on conflicts, and
// returns its version and ID. An ID with no version number gets one.
func appendOne(t *testing.T, l adapter.Log, id string) (uint64, string) {
	for {
		h, err := l.Head(context.Background())
		mustf(t, err, "child: head")
		rid := id
		if id == "w" {
			rid = fmt.Sprintf("w%d", h.Version+1)
		}
		err = l.Append(context.Background(), h.Version, []codec.Record{record(h.Version+1, rid)})
		if err == nil {
			return h.Version + 1, rid
		}
		if !errors.Is(err, sealstream.ErrConflict) {
			t.Fatalf("child: append: %v", err)
		}
	}
}
