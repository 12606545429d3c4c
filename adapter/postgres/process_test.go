package postgres_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// The multi-process test re-runs the test binary in helper roles, chosen
// by these variables.
const (
	roleEnv   = "SEALSTREAM_PG_ROLE"   // "append" or "watch"
	workerEnv = "SEALSTREAM_PG_WORKER" // the appender's number
	procURL   = "SEALSTREAM_PG_PROC_URL"
)

const (
	processes   = 8
	perProcess  = 1000
	procStream  = "multi"
	totalEvents = processes * perProcess
)

// TestProcesses runs 8 processes appending 1,000 records each, one per
// call, to one stream over their own connections, retrying on conflict,
// while a watcher process follows the stream. The stream ends with 8,000
// contiguous versions and no repeated ID, and the watcher saw every record
// exactly once, in order.
func TestProcesses(t *testing.T) {
	_, u := freshSchema(t)
	openAdapter(t, u, postgres.Options{}).Close() // create the tables once
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	watcher, out := startRole(t, ctx, u, "watch", 0)
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		t.Fatalf("watcher did not start: %q %v", lines.Text(), watcher.Wait())
	}
	appenders := make([]*exec.Cmd, processes)
	for w := range appenders {
		appenders[w], _ = startRole(t, ctx, u, "append", w)
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

	l := openLog(t, openAdapter(t, u, postgres.Options{}), procStream)
	recs := readAll(t, l, 1)
	if len(recs) != totalEvents {
		t.Fatalf("stream has %d records, want %d", len(recs), totalEvents)
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
	if want := fmt.Sprintf("saw %d %x", totalEvents, sum.Sum(nil)); seen != want {
		t.Fatalf("watcher: %s\nwant %s", seen, want)
	}
}

// startRole starts the test binary in role; its stderr goes to the test's.
func startRole(t *testing.T, ctx context.Context, u, role string, worker int) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"="+role, workerEnv+"="+strconv.Itoa(worker), procURL+"="+u)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// runRole is the body of a helper process; it returns the exit status.
func runRole(role string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	a, err := postgres.Open(ctx, os.Getenv(procURL))
	if err == nil {
		defer a.Close()
		var l adapter.Log
		if l, err = a.Open(ctx, procStream); err == nil {
			switch role {
			case "append":
				err = appendRole(ctx, l, os.Getenv(workerEnv))
			case "watch":
				err = watchRole(ctx, l)
			default:
				err = fmt.Errorf("unknown role %q", role)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %s: %v\n", role, os.Getenv(workerEnv), err)
		return 1
	}
	return 0
}

// appendRole appends perProcess records one at a time at the head it
// reads, retrying on conflict.
func appendRole(ctx context.Context, l adapter.Log, worker string) error {
	for i := 0; i < perProcess; {
		h, err := l.Head(ctx)
		if err != nil {
			return err
		}
		recs := adaptertest.Records(procStream, h.Version, 1, h.Last.Prev)
		recs[0].ID = fmt.Sprintf("w%s-%d", worker, i)
		switch err := l.Append(ctx, h.Version, recs); {
		case err == nil:
			i++
		case !errors.Is(err, sealstream.ErrConflict):
			return err
		}
	}
	return nil
}

// watchRole follows the stream as the stream package does: take the
// change signal, read from the last version seen, wait. It prints "ready",
// then a digest of every (version, ID) it saw, failing on any gap or
// repeat.
func watchRole(ctx context.Context, l adapter.Log) error {
	fmt.Println("ready")
	sum := sha256.New()
	next := uint64(1)
	for next <= totalEvents {
		ch := l.Changed()
		for r, err := range l.Read(ctx, next) {
			if err != nil {
				return err
			}
			if r.Version != next {
				return fmt.Errorf("watcher got version %d, want %d", r.Version, next)
			}
			fmt.Fprintf(sum, "%d %s\n", r.Version, r.ID)
			next++
		}
		if next > totalEvents {
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("watcher stopped at version %d: %w", next, ctx.Err())
		}
	}
	fmt.Printf("saw %d %x\n", next-1, sum.Sum(nil))
	return nil
}
