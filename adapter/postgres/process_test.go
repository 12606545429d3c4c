package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// TestProcesses runs 8 processes appending 1,000 records each, one per
// call, to one stream over their own connections, retrying on conflict,
// while a watcher process follows the stream. The stream ends with 8,000
// contiguous versions, no repeated ID and its head at the last, and the
// watcher saw every record exactly once, in order.
func TestProcesses(t *testing.T) {
	_, u := freshSchema(t)
	openAdapter(t, u, postgres.Options{}).Close() // create the tables once
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	adaptertest.RunProcesses(ctx, t, postgres.Open, u, 8, 1000)
}
