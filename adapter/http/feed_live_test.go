package httpadapter_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
)

// watchChanges opens GET /v1/changes/watch with token, the query and the
// headers given, failing unless it is 200; the answer is closed when the
// test ends.
func watchChanges(t *testing.T, url, token, query string, hdr ...string) *wire.SSEReader {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/v1/changes/watch?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != wire.EventStream {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("watch of changes = %d %s", resp.StatusCode, b)
	}
	return wire.NewSSEReader(resp.Body, 64<<10)
}

// nextChange reads the next event, which must be a change of stream at
// position pos.
func nextChange(t *testing.T, r *wire.SSEReader, stream string, pos uint64) {
	t.Helper()
	ev, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	var c wire.Change
	if err := json.Unmarshal(ev.Data, &c); err != nil || ev.Name != wire.EventChange {
		t.Fatalf("event %v: %v", ev, err)
	}
	if c.Stream != stream || c.Position != pos || ev.ID != strconv.FormatUint(pos, 10) {
		t.Fatalf("event %v = %+v, want a change of %q at %d", ev, c, stream, pos)
	}
}

// TestChangesWatchScope checks that the live feed of a scoped token sends
// its streams' changes, history then live, with their positions as
// event IDs, and none of another stream's; and that Last-Event-ID
// resumes after the position it names.
func TestChangesWatchScope(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ts := feedServer(t)
	all := ts.open(t, "all")
	appendBatches(t, all, "alice/a", "bob/x", "bob/x", "alice/b", "$snapshot/alice/a")
	tok := ts.token("alice")
	r := watchChanges(t, ts.URL, tok, "since=0")
	nextChange(t, r, "alice/a", 1)
	nextChange(t, r, "alice/b", 4)
	appendBatches(t, all, "bob/y", "$snapshot/alice/b", "alice/c")
	nextChange(t, r, "alice/c", 8)

	resumed := watchChanges(t, ts.URL, tok, "since=0", wire.LastEventID, "1")
	nextChange(t, resumed, "alice/b", 4)
	nextChange(t, resumed, "alice/c", 8)

	if status, body := raw(t, "GET", ts.URL+"/v1/changes/watch", ts.token("writer"), nil); status != http.StatusForbidden {
		t.Fatalf("watch of changes without the right to read = %d %s, want 403", status, body)
	}
}

// TestFeedChangedReconnect checks that the adapter's subscription to the
// live feed comes back after its connection is cut, and fires the signal
// then, since a change may have been made while it was away.
func TestFeedChangedReconnect(t *testing.T) {
	ts := feedServer(t)
	var cut atomic.Value // func(): ends the current subscription
	var conns atomic.Int32
	url := front(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathChangesWatch {
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			cut.Store(cancel)
			conns.Add(1)
			r = r.WithContext(ctx)
		}
		ts.Server.ServeHTTP(w, r)
	}))
	a := openURL(t, url, ts.token("all"))
	waitSignal(t, "the first connection", a.FeedChanged())
	ch := a.FeedChanged()
	select {
	case <-ch:
		t.Fatal("the signal fired with no change and no reconnection")
	case <-time.After(100 * time.Millisecond):
	}
	cut.Load().(context.CancelFunc)()
	waitSignal(t, "a reconnection", ch)
	if n := conns.Load(); n < 2 {
		t.Fatalf("%d connections to the live feed, want a second one", n)
	}
	ch = a.FeedChanged()
	appendBatches(t, ts.open(t, "all"), "after")
	waitSignal(t, "an append after the reconnection", ch)
}

// waitSignal fails unless ch is closed within 30 s.
func waitSignal(t *testing.T, what string, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("FeedChanged did not fire after %s", what)
	}
}

// TestFeedChangedFeedStartedAnew checks that a subscription whose
// position the server refuses (its feed started anew, as a memory
// backend's does at a restart) starts again from position 0 instead of
// failing for ever.
func TestFeedChangedFeedStartedAnew(t *testing.T) {
	ts := feedServer(t)
	var refused atomic.Int32
	url := front(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathChangesWatch && r.URL.Query().Get(wire.Since) != "0" {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"since is no position the change feed has given","code":"invalid"}`))
			return
		}
		ts.Server.ServeHTTP(w, r)
	}))
	a := openURL(t, url, ts.token("all"))
	appendBatches(t, a, "s")
	if got := adaptertest.Changes(t, a, 0); len(got) != 1 {
		t.Fatalf("Changes = %+v, want one change", got)
	}
	waitSignal(t, "a refused position", a.FeedChanged())
	if refused.Load() == 0 {
		t.Fatal("the subscription did not start after the position Changes gave")
	}
	ch := a.FeedChanged()
	appendBatches(t, a, "s")
	waitSignal(t, "an append", ch)
	if n := refused.Load(); n != 1 {
		t.Fatalf("the position was refused %d times, want once", n)
	}
}

// TestChangesWatchLimit checks that a live feed is one of the token's
// watches, and a page of changes is not.
func TestChangesWatchLimit(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ts := startServerOn(t, t.TempDir(), mem.New(), func(o *server.Options) { o.MaxWatches = 1 })
	tok := ts.token("all")
	watchChanges(t, ts.URL, tok, "")
	status, body := raw(t, "GET", ts.URL+"/v1/changes/watch", tok, nil)
	wantCode(t, "a second live feed", status, body, http.StatusTooManyRequests, "too_many")
	if status, body := raw(t, "GET", ts.URL+"/v1/changes", tok, nil); status != http.StatusOK {
		t.Fatalf("a page of changes beside the live feed = %d %s", status, body)
	}
}
