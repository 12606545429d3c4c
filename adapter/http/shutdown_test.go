package httpadapter_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
)

// slowBackend holds each append until release is closed, after telling
// started.
type slowBackend struct {
	adapter.Adapter
	started chan struct{}
	release chan struct{}
}

type slowLog struct {
	adapter.Log
	b *slowBackend
}

func (b *slowBackend) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := b.Adapter.Open(ctx, id)
	return &slowLog{l, b}, err
}

func (l *slowLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	l.b.started <- struct{}{}
	<-l.b.release
	return l.Log.Append(ctx, expect, recs)
}

// TestShutdownFinishesAppends shuts the server down while an append is in
// the backend and a watch is open: the watch ends, Shutdown waits for the
// append, which is acknowledged and stored.
func TestShutdownFinishesAppends(t *testing.T) {
	backend := &slowBackend{Adapter: mem.New(), started: make(chan struct{}, 1), release: make(chan struct{})}
	defer backend.Close()
	tok, hash, _ := server.NewToken()
	srv, err := server.New(backend, nil, server.Options{Tokens: []server.Token{{Name: "all", Hash: hash, Read: true, Write: true}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer("")
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	a := openURL(t, "http://"+ln.Addr().String(), tok)
	l := adaptertest.OpenLog(t, a, "s")
	changed := l.Changed() // opens a watch
	<-changed              // its first head event
	appended := make(chan error, 1)
	go func() { appended <- l.Append(context.Background(), 0, adaptertest.Records("s", 0, 2, nil)) }()
	<-backend.started
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shut <- hs.Shutdown(ctx)
	}()
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v with an append in flight", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(backend.release)
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-appended; err != nil {
		t.Fatalf("the append in flight at Shutdown: %v", err)
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Fatalf("Serve: %v", err)
	}
	got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, backend, "s"), 1)
	if len(got) != 2 {
		t.Fatalf("the backend holds %d records, want 2", len(got))
	}
}
