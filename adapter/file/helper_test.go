package file_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
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
	a, err := file.Open(context.Background(), os.Getenv("DIR"), quiet())
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
	case "append": // WORKERS goroutines append until COUNT, printing acks
		workers, _ := strconv.Atoi(os.Getenv("WORKERS"))
		var out sync.Mutex
		var wg sync.WaitGroup
		for w := range workers {
			wl, err := a.Open(context.Background(), os.Getenv("STREAM"))
			mustf(t, err, "child: open stream")
			defer wl.Close()
			wg.Go(func() {
				for i := 0; ; i++ {
					v, id := appendOne(t, wl, fmt.Sprintf("r%sw%d-%d", os.Getenv("ROUND"), w, i))
					if v > uint64(n) {
						return
					}
					out.Lock()
					_, _ = os.Stdout.WriteString(fmt.Sprintf("ack %d %s\n", v, id))
					out.Unlock()
				}
			})
		}
		wg.Wait()
	default:
		t.Fatalf("unknown role %q", role)
	}
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
