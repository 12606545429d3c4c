package stream_test

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// With a warm cache larger than the descriptors left, opening a stream
// that runs out of descriptors closes the warm streams and succeeds.
func TestOutOfDescriptorsEvictsWarmStreams(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, stream.Config{URL: "file://" + t.TempDir(), Plaintext: true, CacheSize: 1000})
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	low := old
	low.Cur = uint64(len(fds) + 24)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
			t.Fatal(err)
		}
	}()
	for i := range 60 { // 60 warm streams would need 120 descriptors
		id := fmt.Sprint("s", i)
		s, err := stream.Open(ctx, st, id, fold.Count(), 0)
		if err != nil {
			t.Fatalf("Open(%s) with %d descriptors allowed: %v", id, low.Cur, err)
		}
		if _, err := s.Append(ctx, []sealstream.Event{ev("T", "x")}); err != nil {
			t.Fatalf("Append(%s): %v", id, err)
		}
		_ = s.Close()
	}
}
