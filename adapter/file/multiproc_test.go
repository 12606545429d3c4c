package file_test

import (
	"context"
	"fmt"
	"os/exec"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/file"
)

// TestEightProcesses runs 8 processes appending 1,000 records each to one
// stream, every append at the head it read, retrying on conflict.
func TestEightProcesses(t *testing.T) {
	const procs, each = 8, 1000
	dir := t.TempDir()
	cmds := make([]*exec.Cmd, procs)
	for p := range cmds {
		cmds[p] = helper("contend", "DIR="+dir, "STREAM=contended", fmt.Sprintf("PROC=%d", p), fmt.Sprintf("COUNT=%d", each))
		mustf(t, cmds[p].Start(), "start child %d", p)
	}
	for p, cmd := range cmds {
		mustf(t, cmd.Wait(), "child %d", p)
	}
	a := openAdapter(t, dir, quiet())
	recs := readAll(t, openLog(t, a, "contended"))
	if len(recs) != procs*each {
		t.Fatalf("got %d records, want %d", len(recs), procs*each)
	}
	seen := map[string]bool{}
	for i, r := range recs {
		if r.Version != uint64(i+1) {
			t.Fatalf("record %d has version %d", i+1, r.Version)
		}
		if seen[r.ID] {
			t.Fatalf("ID %s stored twice", r.ID)
		}
		seen[r.ID] = true
	}
	for p := range procs {
		for i := range each {
			if id := fmt.Sprintf("p%d-%d", p, i); !seen[id] {
				t.Fatalf("record %s missing", id)
			}
		}
	}
	tableHolds(t, dir, "contended", recs) // eight processes grew one table
}

// TestChangedAcrossProcesses checks that Changed fires for appends made by
// another process, once with fsnotify alone and once with polling alone.
func TestChangedAcrossProcesses(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts file.Options
	}{
		{"fsnotify", file.Options{PollInterval: -1}},
		{"polling", file.Options{DisableNotify: true, PollInterval: 5 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			a := openAdapter(t, dir, &tc.opts)
			l := openLog(t, a, "watched")
			for n := 1; n <= 3; n++ {
				ch := l.Changed()
				mustf(t, helper("write", "DIR="+dir, "STREAM=watched", "COUNT=1").Run(), "child append %d", n)
				waitSignal(t, ch)
				if got := len(readAll(t, l)); got != n {
					t.Fatalf("after signal %d, read %d records", n, got)
				}
			}
		})
	}
}

// waitSignal waits for ch; the deadline only keeps a broken watcher from
// hanging the run.
func waitSignal(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	select {
	case <-ch:
	case <-ctx.Done():
		t.Fatal("Changed() never fired for an append by another process")
	}
}
