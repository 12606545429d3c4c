package s3_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// TestProcesses runs 8 processes appending 500 records each, one per
// call, to one stream, retrying on conflict, while a watcher process
// follows the stream by polling. The stream ends with 4,000 contiguous
// versions, no repeated ID and its head at the last, and the watcher saw
// every record exactly once, in order.
func TestProcesses(t *testing.T) {
	u := freshURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	adaptertest.RunProcesses(ctx, t, openChild, u, 8, 500)
}
