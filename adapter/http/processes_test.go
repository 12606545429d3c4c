package httpadapter_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// TestProcesses runs the multi-process test through the server: four
// writer processes append to one stream while a watcher process follows
// it over Server-Sent Events.
func TestProcesses(t *testing.T) {
	ts := startServer(t, nil)
	t.Setenv(tokenEnv, ts.token("all"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adaptertest.RunProcesses(ctx, t, openChild, ts.URL, 4, 50)
}
