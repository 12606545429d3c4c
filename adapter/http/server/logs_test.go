package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
)

// counting is a memory backend that counts its open logs, and whose logs
// fail their appends once poisoned, as a file log does after a failed
// write until it is opened again.
type counting struct {
	adapter.Adapter
	opened, open atomic.Int64
	poison       atomic.Bool // the next append fails and poisons its log
}

type countingLog struct {
	adapter.Log
	b        *counting
	once     sync.Once
	poisoned atomic.Bool
}

func (b *counting) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := b.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	b.opened.Add(1)
	b.open.Add(1)
	return &countingLog{Log: l, b: b}, nil
}

func (l *countingLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if l.b.poison.CompareAndSwap(true, false) {
		l.poisoned.Store(true)
	}
	if l.poisoned.Load() {
		return errors.New("write failed: the log is poisoned until reopened")
	}
	return l.Log.Append(ctx, expect, recs)
}

func (l *countingLog) Close() error {
	l.once.Do(func() { l.b.open.Add(-1) })
	return l.Log.Close()
}

// appendBody is the body of an append of one record at version v.
func appendBody(v uint64) string {
	return fmt.Sprintf(`{"records":[{"v":%d,"id":"e%d","type":"T","time":"1"}]}`, v, v)
}

// TestOpenLogs checks that requests share one open log per stream, that
// at most OpenLogs idle logs stay open, and that a log whose append failed
// is opened afresh for the next request.
func TestOpenLogs(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	b := &counting{Adapter: mem.New()}
	f := newFixtureOn(t, b, func(o *server.Options) { o.OpenLogs = 2 })
	for v := range uint64(3) {
		if status := f.post(t, "s", v); status != http.StatusOK {
			t.Fatalf("append %d: %d", v, status)
		}
	}
	if n := b.opened.Load(); n != 1 {
		t.Fatalf("three appends to one stream opened it %d times, want once", n)
	}
	for i := range 5 {
		f.post(t, fmt.Sprintf("s%d", i), 0)
	}
	if n := b.open.Load(); n > 2 {
		t.Fatalf("%d logs open after the requests, want at most OpenLogs (2)", n)
	}
	b.poison.Store(true)
	if status := f.post(t, "p", 0); status != http.StatusInternalServerError {
		t.Fatalf("an append whose write failed: %d, want 500", status)
	}
	if status := f.post(t, "p", 0); status != http.StatusOK {
		t.Fatalf("the next append: %d, want 200 on the log opened afresh", status)
	}
}

// post sends an append and returns its status.
func (f *fixture) post(t *testing.T, stream string, expect uint64) int {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/v1/records?stream=%s&expect=%d", f.url, stream, expect), strings.NewReader(appendBody(expect+1)))
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
