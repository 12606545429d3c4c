package s3_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/s3"
)

// TestProcesses runs 8 processes appending 500 records each, one per
// call, to one stream, retrying on conflict, while a watcher process
// follows the stream by polling. The stream ends with 4,000 contiguous
// versions and no repeated ID, and the watcher saw every record exactly
// once, in order.
func TestProcesses(t *testing.T) {
	const processes, perProcess = 8, 500
	const total = processes * perProcess
	u := freshURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	env := []string{procURL + "=" + u}

	watcher, out := startRole(t, ctx, "watch", append(env, countEnv+"="+strconv.Itoa(total))...)
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		t.Fatalf("watcher did not start: %q %v", lines.Text(), watcher.Wait())
	}
	appenders := make([]*exec.Cmd, processes)
	for w := range appenders {
		appenders[w], _ = startRole(t, ctx, "append",
			append(env, workerEnv+"="+strconv.Itoa(w), countEnv+"="+strconv.Itoa(perProcess))...)
	}
	for w, cmd := range appenders {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("appender %d: %v", w, err)
		}
	}
	if !lines.Scan() {
		t.Fatalf("watcher gave no result: %v", watcher.Wait())
	}
	seen := lines.Text()
	if err := watcher.Wait(); err != nil {
		t.Fatalf("watcher: %v", err)
	}

	l := openLog(t, openAdapter(t, u, s3.Options{}), procStream)
	recs := readAll(t, l, 1)
	if len(recs) != total {
		t.Fatalf("stream has %d records, want %d", len(recs), total)
	}
	ids := map[string]bool{}
	sum := sha256.New()
	for i, r := range recs {
		if r.Version != uint64(i)+1 {
			t.Fatalf("record %d has version %d", i, r.Version)
		}
		if ids[r.ID] {
			t.Fatalf("ID %q stored twice", r.ID)
		}
		ids[r.ID] = true
		fmt.Fprintf(sum, "%d %s\n", r.Version, r.ID)
	}
	if want := fmt.Sprintf("saw %d %x", total, sum.Sum(nil)); seen != want {
		t.Fatalf("watcher: %s\nwant %s", seen, want)
	}
	if h := headOf(t, l); h.Version != total {
		t.Fatalf("head %d, want %d", h.Version, total)
	}
}
