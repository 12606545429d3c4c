//go:build linux

package file_test

import (
	"context"
	"os"
	"testing"
)

// A consumer that breaks out of Streams leaves no descriptor behind: the
// directory and a header being read are closed.
func TestStreamsBreakClosesFiles(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	for _, id := range []string{"plain", "Hashed 1", "Hashed 2"} {
		appendOne(t, openLog(t, a, id), "e")
	}
	count := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		mustf(t, err, "list descriptors")
		return len(fds)
	}
	before := count()
	for range 100 {
		for range a.Streams(context.Background(), "") {
			break
		}
		for range a.Streams(context.Background(), "Hashed") {
			break
		}
	}
	if after := count(); after != before {
		t.Fatalf("%d descriptors open after 200 listings broken off, %d before", after, before)
	}
}
