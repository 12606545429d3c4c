package adaptertest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// echoEnv is a setting the "echo" role prints, to show that StartChild
// passes extra settings on.
const echoEnv = "SEALSTREAM_TEST_ECHO"

// TestMain runs the child processes when the harness started this binary
// as one, and otherwise the tests, checking for leaked goroutines.
func TestMain(m *testing.M) {
	adaptertest.ChildMain(openFile, map[string]adaptertest.Role{
		"echo": func(ctx context.Context, l adapter.Log, c adaptertest.Child) error {
			h, err := l.Head(ctx)
			fmt.Printf("worker %d count %d head %d %s\n", c.Worker, c.Count, h.Version, os.Getenv(echoEnv))
			return err
		},
		"sleep": func(ctx context.Context, l adapter.Log, c adaptertest.Child) error {
			fmt.Println("sleeping")
			<-ctx.Done()
			return ctx.Err()
		},
	})
	goleak.VerifyTestMain(m)
}

// openFile opens a file adapter in the directory location names. In a
// location "dir#fault" (cut at the last "#") the fault applies to every process: "no-open"
// refuses to open, "append-fails" fails every Append and "watch-gap"
// leaves version 2 out of every Read.
func openFile(ctx context.Context, location string) (adapter.Adapter, error) {
	dir, fault := location, ""
	if i := strings.LastIndexByte(location, '#'); i >= 0 {
		dir, fault = location[:i], location[i+1:]
	}
	if fault == "no-open" {
		return nil, errors.New("refused to open")
	}
	a, err := file.Open(ctx, dir, &file.Options{PollInterval: 10 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	if fault == "" {
		return a, nil
	}
	return faultyAdapter{Adapter: a, fault: fault}, nil
}

// withFault is openFile whose logs have fault (see faultyLog) in the
// process calling it alone.
func withFault(fault string) adaptertest.Opener {
	return func(ctx context.Context, location string) (adapter.Adapter, error) {
		a, err := openFile(ctx, location)
		if err != nil {
			return nil, err
		}
		return faultyAdapter{Adapter: a, fault: fault}, nil
	}
}

// recorder is a testing.TB whose Fatal, Fatalf and Skip note their message
// and end the goroutine; everything else goes to the test's.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatal(args ...any) { r.stop("fatal: " + fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.stop("fatal: " + fmt.Sprintf(format, args...))
}

func (r *recorder) Skip(args ...any) { r.stop("skip: " + fmt.Sprint(args...)) }

func (r *recorder) stop(msg string) {
	r.msg = msg
	runtime.Goexit()
}

// outcome runs fn on a recorder and returns what ended it: "fatal: …",
// "skip: …", or "" when fn returned.
func outcome(t *testing.T, fn func(tb testing.TB)) string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r.msg
}
