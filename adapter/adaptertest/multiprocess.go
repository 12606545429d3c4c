package adaptertest

import (
	"bufio"
	"context"
	"os/exec"
	"testing"

	"github.com/sealstream/sealstream/adapter"
)

// RunProcesses runs writers child processes, each appending appends
// records to [ProcessStream] at location one per Append at the head it
// reads, retrying on conflict, while a watcher child follows the stream
// (the roles "append" and "watch" of [ChildMain], which the test's
// TestMain must call with an opener of the same adapter). It then opens
// the stream with open and checks that it holds writers×appends records
// with contiguous versions, every appended ID exactly once and the head at
// the last, and that the watcher saw exactly these records, each once, in
// order. Any failure fails the test.
func RunProcesses(ctx context.Context, tb testing.TB, open Opener, location string, writers, appends int) {
	tb.Helper()
	total := writers * appends
	watcher, out := StartChild(ctx, tb, location, Child{Role: "watch", Count: total})
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		tb.Fatalf("watcher did not start: %q %v", lines.Text(), watcher.Wait())
	}
	appenders := make([]*exec.Cmd, writers)
	for w := range appenders {
		appenders[w], _ = StartChild(ctx, tb, location, Child{Role: "append", Worker: w, Count: appends})
	}
	for w, cmd := range appenders {
		if err := cmd.Wait(); err != nil {
			tb.Fatalf("appender %d: %v", w, err)
		}
	}
	if !lines.Scan() {
		tb.Fatalf("watcher gave no result: %v", watcher.Wait())
	}
	seen := lines.Text()
	if err := watcher.Wait(); err != nil {
		tb.Fatalf("watcher: %v", err)
	}

	a, err := open(ctx, location)
	if err != nil {
		tb.Fatalf("opening the adapter after the processes: %v", err)
	}
	tb.Cleanup(func() { _ = a.Close() })
	checkProcesses(tb, OpenLog(tb, a, ProcessStream), writers, appends, seen)
}

// checkProcesses checks the stream the processes wrote and the line the
// watcher printed, seen.
func checkProcesses(tb testing.TB, l adapter.Log, writers, appends int, seen string) {
	tb.Helper()
	total := writers * appends
	recs := ReadAll(tb, l, 1)
	if len(recs) != total {
		tb.Fatalf("stream has %d records, want %d", len(recs), total)
	}
	ids := make(map[string]bool, total)
	sum := newDigest()
	for i, r := range recs {
		if r.Version != uint64(i)+1 {
			tb.Fatalf("record %d has version %d", i, r.Version)
		}
		if ids[r.ID] {
			tb.Fatalf("ID %q stored twice", r.ID)
		}
		ids[r.ID] = true
		sum.add(r)
	}
	for w := range writers {
		for i := range appends {
			if id := appendID(w, i); !ids[id] {
				tb.Fatalf("record %s missing", id)
			}
		}
	}
	if h := HeadOf(tb, l); h.Version != uint64(total) {
		tb.Fatalf("head %d, want %d", h.Version, total)
	}
	if want := sum.String(); seen != want {
		tb.Fatalf("watcher: %s\nwant %s", seen, want)
	}
}
