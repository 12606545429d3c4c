package adaptertest_test

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// TestRunProcesses runs 3 writer processes × 40 appends and a watcher on
// a file adapter, and the harness finds nothing wrong; the stream then
// holds the 120 records.
func TestRunProcesses(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	adaptertest.RunProcesses(ctx, t, openFile, dir, 3, 40)
	a, err := openFile(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := len(adaptertest.ReadAll(t, adaptertest.OpenLog(t, a, adaptertest.ProcessStream), 1)); got != 120 {
		t.Fatalf("stream has %d records, want 120", got)
	}
}

// TestRunProcessesCatches gives the harness a stream or processes with a
// fault, and checks that it fails the test, saying what was wrong. Faults
// after a "#" in the location are in every process; the others only in
// the test's own view of the stream.
func TestRunProcessesCatches(t *testing.T) {
	for _, c := range []struct{ fault, want string }{
		{"lose", "stream has 19 records, want 20"},
		{"renumber", "record 1 has version 14"},
		{"twice", "stored twice"},
		{"intruder", "missing"},
		{"short-head", "head 19, want 20"},
		{"swap", "watcher: saw 20"},
		{"#no-open", "watcher did not start"},
		{"#watch-gap", "watcher gave no result"},
		{"#append-fails", "appender 0: exit status 1"},
	} {
		t.Run(c.fault, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			location, open := t.TempDir(), withFault(c.fault)
			if strings.HasPrefix(c.fault, "#") {
				location, open = location+c.fault, openFile
			}
			got := outcome(t, func(tb testing.TB) { adaptertest.RunProcesses(ctx, tb, open, location, 2, 10) })
			if !strings.HasPrefix(got, "fatal: ") || !strings.Contains(got, c.want) {
				t.Fatalf("RunProcesses ended with %q, want a failure with %q", got, c.want)
			}
		})
	}
}

// TestChildRoles starts children in a role the TestMain added, which sees
// the Child it was started as, its own log and the extra settings, and in
// an unknown role, which fails.
func TestChildRoles(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out := adaptertest.StartChild(ctx, t, t.TempDir(), adaptertest.Child{Role: "echo", Worker: 3, Count: 7}, echoEnv+"=hi")
	if got, want := firstLine(t, out), "worker 3 count 7 head 0 hi"; got != want {
		t.Fatalf("echo printed %q, want %q", got, want)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("echo: %v", err)
	}
	cmd, _ = adaptertest.StartChild(ctx, t, t.TempDir(), adaptertest.Child{Role: "nonesuch"})
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "exit status 1") {
		t.Fatalf("unknown role ended with %v, want exit status 1", err)
	}
}

// TestChildKilledAtTestEnd leaves a child running at the end of a subtest:
// it is killed and waited for then.
func TestChildKilledAtTestEnd(t *testing.T) {
	var cmd *exec.Cmd
	t.Run("leave", func(t *testing.T) {
		var out io.Reader
		cmd, out = adaptertest.StartChild(context.Background(), t, t.TempDir(), adaptertest.Child{Role: "sleep"})
		if got := firstLine(t, out); got != "sleeping" {
			t.Fatalf("sleep printed %q", got)
		}
	})
	if cmd.ProcessState == nil {
		t.Fatal("the child was not waited for at the end of the test")
	}
	if cmd.ProcessState.Success() {
		t.Fatalf("the child ended with %v, want killed", cmd.ProcessState)
	}
}

func firstLine(t *testing.T, r io.Reader) string {
	t.Helper()
	lines := bufio.NewScanner(r)
	if !lines.Scan() {
		t.Fatalf("the child printed nothing: %v", lines.Err())
	}
	return lines.Text()
}
