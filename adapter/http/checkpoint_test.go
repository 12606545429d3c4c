package httpadapter_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// TestTamperedHistory has the server, after a device took a checkpoint,
// serve the stream truncated, then forked (a legitimate writer appended to
// the truncated history), then with a record rewritten: the device's
// Verify against its checkpoint fails with ErrIntegrity each time (or
// ErrDecrypt for the rewritten record), where it passed before.
func TestTamperedHistory(t *testing.T) {
	ctx := context.Background()
	ts := startServer(t, nil)
	var current atomic.Pointer[http.Handler]
	var h http.Handler = ts.Server
	current.Store(&h)
	url := front(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) }))
	tok := ts.token("all")
	s := openCount(t, device(t, url, tok), "alice")
	for range 5 {
		if _, err := s.Append(ctx, []sealstream.Event{{Type: "Noted", Data: []byte("x")}}); err != nil {
			t.Fatal(err)
		}
	}
	cp, err := s.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ctx, stream.Extends(cp)); err != nil {
		t.Fatalf("Verify of the honest history: %v", err)
	}
	recs := adaptertest.ReadAll(t, adaptertest.OpenLog(t, ts.Backend, "alice"), 1)

	// serve makes the front serve records from a server of their own, with
	// the honest server's blobs (keysets) and tokens.
	serve := func(recs []codec.Record) {
		backend := mem.New()
		t.Cleanup(func() { _ = backend.Close() })
		l := adaptertest.OpenLog(t, backend, "alice")
		if err := l.Append(ctx, 0, recs); err != nil {
			t.Fatal(err)
		}
		blobs, err := keyset.OpenDir(ts.Dir + "/.blobs")
		if err != nil {
			t.Fatal(err)
		}
		tokens := []server.Token{{Name: "all", Hash: server.HashToken(tok), Blobs: "main", Read: true, Write: true}}
		srv, err := server.New(backend, blobs, server.Options{Tokens: tokens})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Drain(); _ = srv.Close() })
		var h http.Handler = srv
		current.Store(&h)
	}
	check := func(what string, want ...error) {
		t.Helper()
		err := s.Verify(ctx, stream.Extends(cp))
		for _, w := range want {
			if errors.Is(err, w) {
				return
			}
		}
		t.Fatalf("Verify of a %s history = %v, want %v", what, err, want)
	}
	serve(recs[:3])
	check("truncated", sealstream.ErrIntegrity)
	other := openCount(t, device(t, url, tok), "alice")
	if _, err := other.Append(ctx, []sealstream.Event{{Type: "Noted", Data: []byte("fork")}}, stream.ExpectVersion(3)); err != nil {
		t.Fatal(err)
	}
	check("forked", sealstream.ErrIntegrity)
	rewritten := append([]codec.Record(nil), recs...)
	rewritten[1].Payload = append([]byte(nil), rewritten[1].Payload...)
	rewritten[1].Payload[len(rewritten[1].Payload)-1] ^= 1
	serve(rewritten)
	check("rewritten", sealstream.ErrIntegrity, sealstream.ErrDecrypt)
}
