package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
)

// fixture is a server over a memory backend and the token that reaches
// every stream.
type fixture struct {
	url     string
	token   string
	srv     *server.Server
	backend adapter.Adapter
}

func newFixture(t *testing.T, tune func(*server.Options)) *fixture {
	t.Helper()
	return newFixtureOn(t, mem.New(), tune)
}

// newFixtureOn is newFixture over backend, which it closes at the end.
func newFixtureOn(t *testing.T, backend adapter.Adapter, tune func(*server.Options)) *fixture {
	t.Helper()
	tok, hash, _ := server.NewToken()
	o := server.Options{Tokens: []server.Token{{Name: "all", Hash: hash, Read: true, Write: true}}}
	if tune != nil {
		tune(&o)
	}
	srv, err := server.New(backend, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Config = srv.HTTPServer("")
	hs.Start()
	t.Cleanup(func() { srv.Drain(); hs.Close(); _ = srv.Close(); _ = backend.Close() })
	return &fixture{url: hs.URL, token: tok, srv: srv, backend: backend}
}

// watch opens a watch with the query and headers given, failing unless
// it is 200.
func (f *fixture) watch(t *testing.T, query string, hdr ...string) (*wire.SSEReader, io.Closer) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.url+wire.PathWatch+"?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != wire.EventStream {
		t.Fatalf("watch ?%s = %d %s", query, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { resp.Body.Close() })
	return wire.NewSSEReader(resp.Body, 1<<20), resp.Body
}

// expect reads events and checks their names and ids.
func expect(t *testing.T, r *wire.SSEReader, name string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		ev, err := r.Next()
		if err != nil || ev.Name != name || ev.ID != id {
			t.Fatalf("got %v, %v; want %s event id %s", ev, err, name, id)
		}
		if name == wire.EventRecord {
			var rec wire.Record
			if err := json.Unmarshal(ev.Data, &rec); err != nil || rec.ID != "s-e"+id {
				t.Fatalf("record event %s holds %+v, %v", id, rec, err)
			}
		}
	}
}

// TestWatch follows a stream over Server-Sent Events: history then live
// records, resumption with Last-Event-ID and with ?from=, heads mode, and
// the end of every watch at Drain.
func TestWatch(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	f := newFixture(t, nil)
	l := adaptertest.OpenLog(t, f.backend, "s")
	recs := adaptertest.Records("s", 0, 5, nil)
	if err := l.Append(context.Background(), 0, recs[:3]); err != nil {
		t.Fatal(err)
	}
	live, _ := f.watch(t, "stream=s")
	expect(t, live, wire.EventRecord, "1", "2", "3")
	heads, _ := f.watch(t, "stream=s&mode=heads")
	expect(t, heads, wire.EventHead, "3")
	if err := l.Append(context.Background(), 3, recs[3:]); err != nil {
		t.Fatal(err)
	}
	expect(t, live, wire.EventRecord, "4", "5")
	expect(t, heads, wire.EventHead, "5")
	resumed, _ := f.watch(t, "stream=s&from=1", wire.LastEventID, "3")
	expect(t, resumed, wire.EventRecord, "4", "5")
	from, _ := f.watch(t, "stream=s&from=5")
	expect(t, from, wire.EventRecord, "5")
	f.srv.Drain()
	for _, r := range []*wire.SSEReader{live, heads, resumed, from} {
		if ev, err := r.Next(); err != io.EOF {
			t.Fatalf("after Drain a watch gave %v, %v; want EOF", ev, err)
		}
	}
}

// TestWatchHeartbeat checks that an idle watch gets comment lines.
func TestWatchHeartbeat(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	f := newFixture(t, func(o *server.Options) { o.Heartbeat = 20 * time.Millisecond })
	_, body := f.watch(t, "stream=idle")
	lines := bufio.NewScanner(body.(io.Reader))
	deadline := time.Now().Add(5 * time.Second)
	for lines.Scan() && time.Now().Before(deadline) {
		if strings.HasPrefix(lines.Text(), ":") {
			return
		}
	}
	t.Fatal("no heartbeat comment on an idle watch")
}
