package httpadapter_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/keyset"
)

// scoped are the grants of the scope tests.
var scoped = []grant{
	{name: "alice", prefix: "alice/", blobs: "alice", read: true, write: true},
	{name: "bob", prefix: "bob/", blobs: "bob", read: true, write: true},
	{name: "reader", prefix: "alice/", blobs: "alice", read: true},
	{name: "expired", blobs: "alice", read: true, write: true, expires: time.Now().Add(-time.Minute)},
}

// raw sends one request with token and returns the status and body.
func raw(t *testing.T, method, target, token string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestTokenScope checks that a token cannot read, list, watch, find,
// append to or erase another token's streams, nor reach its blobs, and
// gets the very answer a missing stream or blob gets, whether the other's
// stream exists or not.
func TestTokenScope(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ctx := context.Background()
	ts := startServer(t, nil, scoped...)
	bob := ts.open(t, "bob")
	mustAppend(t, adaptertest.OpenLog(t, bob, "bob/x"), 0, 2)
	if err := ts.blobStore(t, "bob").Put(ctx, "k", []byte("bob's")); err != nil {
		t.Fatal(err)
	}
	alice := ts.open(t, "alice")
	l := adaptertest.OpenLog(t, alice, "bob/x")
	if h := adaptertest.HeadOf(t, l); h.Version != 0 {
		t.Fatalf("alice sees bob/x at head %d", h.Version)
	}
	if got := adaptertest.ReadAll(t, l, 1); len(got) != 0 {
		t.Fatalf("alice reads %d records of bob/x", len(got))
	}
	if err := l.Append(ctx, 2, adaptertest.Records("bob/x", 2, 1, nil)); !errors.Is(err, httpadapter.ErrNotFound) {
		t.Fatalf("alice's append to bob/x = %v, want ErrNotFound", err)
	}
	if err := alice.Erase(ctx, "bob/x"); !errors.Is(err, httpadapter.ErrNotFound) {
		t.Fatalf("alice's erase of bob/x = %v, want ErrNotFound", err)
	}
	mustAppend(t, adaptertest.OpenLog(t, alice, "alice/a"), 0, 1)
	for _, prefix := range []string{"", "b", "bob/", "alice/"} {
		if got := listIDs(t, alice, prefix); slices.ContainsFunc(got, func(id string) bool { return !strings.HasPrefix(id, "alice/") }) {
			t.Fatalf("alice's listing of %q = %q", prefix, got)
		}
	}
	if _, err := ts.blobStore(t, "alice").Get(ctx, "k"); !errors.Is(err, keyset.ErrNotFound) {
		t.Fatalf("alice's Get of blob k = %v, want ErrNotFound (bob's is not hers)", err)
	}
	if b, _ := ts.blobStore(t, "bob").Get(ctx, "k"); string(b) != "bob's" {
		t.Fatalf("bob's blob k = %q", b)
	}
	if got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, bob, "bob/x"), 1); len(got) != 2 {
		t.Fatalf("bob/x holds %d records after alice's attempts, want 2", len(got))
	}

	// Byte for byte, out of scope is missing, whether the stream exists.
	tok := ts.token("alice")
	_, want := raw(t, "GET", ts.URL+"/v1/blobs?name=never", tok, nil)
	for _, req := range []struct{ method, path string }{
		{"GET", "/v1/head"}, {"GET", "/v1/records"}, {"POST", "/v1/records"},
		{"GET", "/v1/watch"}, {"POST", "/v1/find"}, {"DELETE", "/v1/stream"},
	} {
		for _, id := range []string{"bob/x", "bob/never"} {
			status, body := raw(t, req.method, ts.URL+req.path+"?stream="+url.QueryEscape(id), tok, []byte(`{}`))
			if status != http.StatusNotFound || !bytes.Equal(body, want) {
				t.Fatalf("%s %s for %s = %d %s; want 404 %s", req.method, req.path, id, status, body, want)
			}
		}
	}
	if status, body := raw(t, "GET", ts.URL+"/v1/head?stream=alice/empty", tok, nil); status != 404 || !bytes.Equal(body, want) {
		t.Fatalf("head of an empty stream in scope = %d %s, want the same 404", status, body)
	}
}

// TestTokenRights checks a read-only token, an expired one and unknown or
// missing ones.
func TestTokenRights(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ctx := context.Background()
	ts := startServer(t, nil, scoped...)
	mustAppend(t, adaptertest.OpenLog(t, ts.open(t, "alice"), "alice/a"), 0, 1)
	reader := ts.open(t, "reader")
	l := adaptertest.OpenLog(t, reader, "alice/a")
	if got := adaptertest.ReadAll(t, l, 1); len(got) != 1 {
		t.Fatalf("the reader reads %d records, want 1", len(got))
	}
	forbidden := map[string]error{
		"append": l.Append(ctx, 1, adaptertest.Records("alice/a", 1, 1, nil)),
		"erase":  reader.Erase(ctx, "alice/a"),
		"put":    ts.blobStore(t, "reader").Put(ctx, "k", []byte("x")),
	}
	for what, err := range forbidden {
		if !errors.Is(err, httpadapter.ErrForbidden) {
			t.Fatalf("the reader's %s = %v, want ErrForbidden", what, err)
		}
	}
	for _, a := range []adapter.Adapter{ts.open(t, "expired"), openURL(t, ts.URL, "sst_unknown"), openURL(t, ts.URL, "")} {
		if _, err := adaptertest.OpenLog(t, a, "alice/a").Head(ctx); !errors.Is(err, httpadapter.ErrUnauthorized) {
			t.Fatalf("Head with a refused token = %v, want ErrUnauthorized", err)
		}
	}
	for _, h := range []string{"Basic abc", "Bearer", "Bearer " + ts.token("alice") + "x"} {
		req, _ := http.NewRequest("GET", ts.URL+"/v1/streams", nil)
		req.Header.Set("Authorization", h)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("Authorization %.12q… = %d, want 401 with a challenge", h, resp.StatusCode)
		}
	}
}

// listIDs lists a's streams with prefix, failing on an error.
func listIDs(t *testing.T, a adapter.Adapter, prefix string) []string {
	t.Helper()
	var ids []string
	for id, err := range a.Streams(context.Background(), prefix) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// mustAppend appends n test records to l after version expect.
func mustAppend(t *testing.T, l adapter.Log, expect uint64, n int) {
	t.Helper()
	if err := l.Append(context.Background(), expect, adaptertest.Records("", expect, n, nil)); err != nil {
		t.Fatalf("Append: %v", err)
	}
}
