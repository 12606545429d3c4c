package httpadapter_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/keyset"
)

// testServer is a sync server on a loopback listener over a file backend
// and a directory blob store in a temporary directory.
type testServer struct {
	URL     string
	Dir     string
	Server  *server.Server
	Backend adapter.Adapter
	tokens  map[string]string // token by entry name
}

// grant is a token entry for startServer; its hash is made there.
type grant struct {
	name, prefix, blobs string
	read, write         bool
	expires             time.Time
}

// fullGrant reaches every stream and the blob namespace "main".
var fullGrant = grant{name: "all", blobs: "main", read: true, write: true}

// startServer starts a server over a file backend with the grants
// (fullGrant when none) and options edited by tune; it is shut down when
// the test ends.
func startServer(t testing.TB, tune func(*server.Options), grants ...grant) *testServer {
	t.Helper()
	dir := t.TempDir()
	backend, err := file.Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return startServerOn(t, dir, backend, tune, grants...)
}

// startServerOn is startServer over backend, with the blob store in dir.
func startServerOn(t testing.TB, dir string, backend adapter.Adapter, tune func(*server.Options), grants ...grant) *testServer {
	t.Helper()
	if len(grants) == 0 {
		grants = []grant{fullGrant}
	}
	ts := &testServer{Dir: dir, tokens: map[string]string{}}
	var opts server.Options
	for _, g := range grants {
		tok, hash, err := server.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		ts.tokens[g.name] = tok
		opts.Tokens = append(opts.Tokens, server.Token{Name: g.name, Hash: hash, Prefix: g.prefix,
			Blobs: g.blobs, Read: g.read, Write: g.write, Expires: g.expires})
	}
	if tune != nil {
		tune(&opts)
	}
	blobs, err := keyset.OpenDir(ts.Dir + "/.blobs")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(backend, blobs, opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Config = srv.HTTPServer("")
	hs.Start()
	ts.URL, ts.Server, ts.Backend = hs.URL, srv, backend
	t.Cleanup(func() {
		srv.Drain()
		hs.Close()
		_ = srv.Close()
		_ = backend.Close()
	})
	return ts
}

// token returns the token of the grant named name.
func (ts *testServer) token(name string) string { return ts.tokens[name] }

// open returns a client adapter of ts with the token of grant name,
// closed when the test ends.
func (ts *testServer) open(t testing.TB, name string) *httpadapter.Adapter {
	t.Helper()
	return openURL(t, ts.URL, ts.token(name))
}

// openURL returns a client adapter of the server at url, closed when the
// test ends.
func openURL(t testing.TB, url, token string) *httpadapter.Adapter {
	t.Helper()
	a, err := httpadapter.New(url, httpadapter.Options{Token: token, RetryFor: 10 * time.Second, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// blobStore returns a client blob store of ts with the token of grant
// name, closed when the test ends.
func (ts *testServer) blobStore(t testing.TB, name string) *httpadapter.BlobStore {
	t.Helper()
	s, err := httpadapter.NewBlobStore(ts.URL, httpadapter.Options{Token: ts.token(name), RetryFor: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// front starts a loopback server that serves h, in front of a test
// server's handler, and returns its URL; it is closed when the test ends.
func front(t testing.TB, h http.Handler) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}
