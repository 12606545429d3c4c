package adaptertest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
)

// ProcessStream is the stream the child processes of a test share.
const ProcessStream = "multi"

// The variables that make a re-executed test binary a child, and say what
// it does.
const (
	roleEnv     = "SEALSTREAM_TEST_CHILD_ROLE"
	workerEnv   = "SEALSTREAM_TEST_CHILD_WORKER"
	countEnv    = "SEALSTREAM_TEST_CHILD_COUNT"
	locationEnv = "SEALSTREAM_TEST_CHILD_LOCATION"
)

// childTimeout bounds the life of a child process.
const childTimeout = 10 * time.Minute

// Opener opens the adapter at location: a URL or a directory, which a test
// hands on to its child processes.
type Opener func(ctx context.Context, location string) (adapter.Adapter, error)

// Child says what a child process does.
type Child struct {
	Role   string // "append", "watch" or a role the test's ChildMain adds
	Worker int    // the appender's number, part of the IDs it appends
	Count  int    // records to append, or to watch for
}

// Role is the work of a child process on the log of [ProcessStream]. What
// it prints goes to the test that started it; an error fails the process.
type Role func(ctx context.Context, l adapter.Log, c Child) error

// builtin are the roles every child can take.
var builtin = map[string]Role{"append": appendRole, "watch": watchRole}

// StartChild starts this test binary again, running no test but child c
// on the adapter at location; env adds KEY=value settings. The child's
// stderr is the test's; the reader is its stdout. ctx ending kills the
// child, and a child not waited for is killed and waited for when the
// test ends. The test's TestMain must call [ChildMain].
func StartChild(ctx context.Context, tb testing.TB, location string, c Child, env ...string) (*exec.Cmd, io.Reader) {
	tb.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"="+c.Role, workerEnv+"="+strconv.Itoa(c.Worker),
		countEnv+"="+strconv.Itoa(c.Count), locationEnv+"="+location)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, out
}

// ChildMain returns at once in a test process. In a child started by
// [StartChild] it opens the adapter at the child's location with open and
// the log of [ProcessStream], runs the child's role, and exits: with 0, or
// with 1 after printing the error to stderr. A TestMain calls it first.
//
// Two roles are built in. "append" appends Count records, one per Append
// at the head it reads, retrying on ErrConflict, with the IDs
// "w<Worker>-<i>". "watch" prints "ready", follows the stream as the
// stream package does (take Changed, read from the next version, wait)
// until it saw Count records, failing on any gap or repeat, and prints a
// digest of every (version, ID) it saw. roles adds others, or replaces
// these.
func ChildMain(open Opener, roles map[string]Role) {
	role := os.Getenv(roleEnv)
	if role == "" {
		return
	}
	worker, _ := strconv.Atoi(os.Getenv(workerEnv))
	count, _ := strconv.Atoi(os.Getenv(countEnv))
	c := Child{Role: role, Worker: worker, Count: count}
	os.Exit(runChild(open, roles, os.Getenv(locationEnv), c))
}

// runChild is the body of a child process; it returns the exit status.
func runChild(open Opener, roles map[string]Role, location string, c Child) int {
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	role, ok := roles[c.Role]
	if !ok {
		role = builtin[c.Role]
	}
	err := fmt.Errorf("unknown role %q", c.Role)
	if role != nil {
		err = runRole(ctx, open, location, role, c)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %d: %v\n", c.Role, c.Worker, err)
		return 1
	}
	return 0
}

// runRole runs role on the log of ProcessStream at location.
func runRole(ctx context.Context, open Opener, location string, role Role, c Child) error {
	a, err := open(ctx, location)
	if err != nil {
		return err
	}
	defer a.Close()
	l, err := a.Open(ctx, ProcessStream)
	if err != nil {
		return err
	}
	defer l.Close()
	return role(ctx, l, c)
}
