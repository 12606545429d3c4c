package s3_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// The multi-process tests re-run the test binary in helper roles, chosen
// by these variables.
const (
	roleEnv   = "SEALSTREAM_S3_ROLE"   // "append", "watch" or "batches"
	workerEnv = "SEALSTREAM_S3_WORKER" // the appender's number
	procURL   = "SEALSTREAM_S3_PROC_URL"
	countEnv  = "SEALSTREAM_S3_COUNT"      // records to append, or to watch for
	hangEnv   = "SEALSTREAM_S3_HANG_AFTER" // "batches": hang after this many commit PUTs
)

// startRole starts the test binary in role with extra environment; its
// stderr goes to the test's.
func startRole(t *testing.T, ctx context.Context, role string, env ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), roleEnv+"="+role), env...)
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
	opts := options(s3.Options{})
	if n, err := strconv.Atoi(os.Getenv(hangEnv)); err == nil {
		opts.HTTPClient = &http.Client{Transport: &hangAfterPut{base: http.DefaultTransport, after: int32(n)}}
	}
	count, _ := strconv.Atoi(os.Getenv(countEnv))
	a, err := s3.OpenWith(ctx, os.Getenv(procURL), opts)
	if err == nil {
		defer a.Close()
		var l adapter.Log
		if l, err = a.Open(ctx, procStream); err == nil {
			switch role {
			case "append":
				err = appendRole(ctx, l, os.Getenv(workerEnv), count)
			case "watch":
				err = watchRole(ctx, l, uint64(count))
			case "batches":
				err = batchRole(ctx, l)
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

// procStream is the stream the helper processes share.
const procStream = "multi"

// appendRole appends count records one at a time at the head it reads,
// retrying on conflict.
func appendRole(ctx context.Context, l adapter.Log, worker string, count int) error {
	for i := 0; i < count; {
		h, err := l.Head(ctx)
		if err != nil {
			return err
		}
		recs := adaptertest.Records(procStream, h.Version, 1, nil)
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
func watchRole(ctx context.Context, l adapter.Log, total uint64) error {
	fmt.Println("ready")
	sum := sha256.New()
	next := uint64(1)
	for next <= total {
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
		if next > total {
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

// batchSize is the records per append of the "batches" role.
const batchSize = 10

// batchRole appends batches of batchSize records at the head until
// killed, printing "ack V" after each acknowledged one.
func batchRole(ctx context.Context, l adapter.Log) error {
	for {
		h, err := l.Head(ctx)
		if err != nil {
			return err
		}
		recs := adaptertest.Records(procStream, h.Version, batchSize, h.Last.Prev)
		if err := l.Append(ctx, h.Version, recs); err != nil {
			return err
		}
		fmt.Printf("ack %d\n", h.Version+batchSize)
	}
}

// hangAfterPut passes requests on until the after-th commit PUT has been
// answered with success; then it prints "put" and never returns, so the
// process is stopped between its write and its acknowledgement.
type hangAfterPut struct {
	base  http.RoundTripper
	after int32
	n     atomic.Int32
}

func (h *hangAfterPut) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.base.RoundTrip(req)
	if err == nil && req.Method == http.MethodPut && strings.Contains(req.URL.Path, "/c/") && resp.StatusCode == 200 {
		if h.n.Add(1) >= h.after {
			fmt.Println("put")
			time.Sleep(time.Hour)
		}
	}
	return resp, err
}
