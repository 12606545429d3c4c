package s3_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recorder is an http.RoundTripper that counts the requests an adapter
// sends and can answer some of them itself: fault sees each request and
// returns what to do with it.
type recorder struct {
	base http.RoundTripper

	mu     sync.Mutex
	counts map[string]int // by method
	fault  func(req *http.Request) action
}

// action is what a fault does with a request: nothing (pass it on), or
// answer it with status and error code without sending it, or send it and
// lose the answer.
type action struct {
	status int
	code   string
	lose   bool
}

func newRecorder(t testing.TB) (*recorder, *http.Client) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	r := &recorder{base: tr, counts: map[string]int{}}
	return r, &http.Client{Transport: r}
}

// setFault installs f, called under a lock for every request.
func (r *recorder) setFault(f func(req *http.Request) action) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fault = f
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	if req.Method == http.MethodGet && req.URL.Query().Has("list-type") {
		r.counts["LIST"]++
	} else {
		r.counts[req.Method]++
	}
	var act action
	if r.fault != nil {
		act = r.fault(req)
	}
	r.mu.Unlock()
	if act.status != 0 {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return errorResponse(req, act.status, act.code), nil
	}
	resp, err := r.base.RoundTrip(req)
	if act.lose && err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return nil, errors.New("injected: connection reset after the request was sent")
	}
	return resp, err
}

// errorResponse is an S3 error answer.
func errorResponse(req *http.Request, status int, code string) *http.Response {
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>`+
		`<Error><Code>%s</Code><Message>injected</Message><RequestId>x</RequestId></Error>`, code)
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/xml"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: req,
	}
}

// count returns the requests of method ("LIST" for listings, "" for all)
// sent since the last reset.
func (r *recorder) count(method string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if method != "" {
		return r.counts[method]
	}
	n := 0
	for _, c := range r.counts {
		n += c
	}
	return n
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts = map[string]int{}
}

// isCommitPut reports a PUT of a commit object.
func isCommitPut(req *http.Request) bool {
	return req.Method == http.MethodPut && strings.Contains(req.URL.Path, "/c/")
}
