package s3_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// hangEnv, set for a child process, makes it hang after this many commit
// PUTs (see hangAfterPut).
const hangEnv = "SEALSTREAM_S3_HANG_AFTER"

// openChild opens the adapter of a child process, or of the test checking
// on them, with the test server's options; with hangEnv set, its transport
// hangs after that many commit PUTs.
func openChild(ctx context.Context, u string) (adapter.Adapter, error) {
	opts := options(s3.Options{})
	if n, err := strconv.Atoi(os.Getenv(hangEnv)); err == nil {
		opts.HTTPClient = &http.Client{Transport: &hangAfterPut{base: http.DefaultTransport, after: int32(n)}}
	}
	a, err := s3.OpenWith(ctx, u, opts)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// batchSize is the records per append of the "batches" role.
const batchSize = 10

// batchRole appends batches of batchSize records at the head until
// killed, printing "ack V" after each acknowledged one.
func batchRole(ctx context.Context, l adapter.Log, _ adaptertest.Child) error {
	for {
		h, err := l.Head(ctx)
		if err != nil {
			return err
		}
		recs := adaptertest.Records(adaptertest.ProcessStream, h.Version, batchSize, h.Last.Prev)
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
