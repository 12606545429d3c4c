package httpadapter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// firstError returns the first error a's Changes after since yields.
func firstError(a adapter.Feed, since uint64) error {
	for _, err := range a.Changes(context.Background(), since) {
		if err != nil {
			return err
		}
	}
	return nil
}

// wantCode fails unless an answer has the status and error code given.
func wantCode(t *testing.T, what string, status int, body []byte, wantStatus int, code string) {
	t.Helper()
	var e struct{ Code string }
	if status != wantStatus || json.Unmarshal(body, &e) != nil || e.Code != code {
		t.Fatalf("%s = %d %s, want %d with code %q", what, status, body, wantStatus, code)
	}
}

// TestChangesUnsupported checks that a server whose storage keeps no
// feed answers 501 "unsupported" on both endpoints, which the adapter
// reports as errors.ErrUnsupported.
func TestChangesUnsupported(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	backend := struct{ adapter.Adapter }{mem.New()} // the memory adapter without its feed
	ts := startServerOn(t, t.TempDir(), backend, nil)
	a := ts.open(t, "all")
	appendBatches(t, a, "s")
	if err := firstError(a, 0); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("Changes without a feed = %v, want ErrUnsupported", err)
	}
	for _, path := range []string{"/v1/changes", "/v1/changes/watch"} {
		status, body := raw(t, "GET", ts.URL+path, ts.token("all"), nil)
		wantCode(t, path+" without a feed", status, body, http.StatusNotImplemented, "unsupported")
	}
}

// TestChangesBadSince checks that a since that is not a number, or no
// position the feed gave, is 400 "invalid", which the adapter reports as
// sealstream.ErrInvalidArgument.
func TestChangesBadSince(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ts := feedServer(t)
	a := ts.open(t, "all")
	appendBatches(t, a, "s", "t")
	if err := firstError(a, 3); !errors.Is(err, sealstream.ErrInvalidArgument) {
		t.Fatalf("Changes after a position past the feed = %v, want ErrInvalidArgument", err)
	}
	tok := ts.token("all")
	for _, q := range []string{"/v1/changes?since=x", "/v1/changes?since=-1", "/v1/changes?since=3", "/v1/changes/watch?since=3"} {
		status, body := raw(t, "GET", ts.URL+q, tok, nil)
		wantCode(t, q, status, body, http.StatusBadRequest, "invalid")
	}
	req, _ := http.NewRequest("GET", ts.URL+"/v1/changes/watch", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Last-Event-ID", "x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("watch of changes with Last-Event-ID x = %d, want 400", resp.StatusCode)
	}
	if got := adaptertest.Changes(t, a, 2); len(got) != 0 {
		t.Fatalf("Changes after the last position = %+v", got)
	}
}

// TestChangesHostileServer checks that the adapter refuses pages of
// changes out of order, malformed, or that ask for more without moving,
// with sealstream.ErrCorrupt instead of yielding them or looping.
func TestChangesHostileServer(t *testing.T) {
	pages := map[string]string{
		"backwards": `{"pos":"2","stream":"s","from":1,"to":1}` + "\n" + `{"pos":"1","stream":"s","from":2,"to":2}` + "\n" +
			`{"end":true,"more":false,"last":"2"}`,
		"not after since": `{"pos":"0","stream":"s","from":1,"to":1}` + "\n" + `{"end":true,"more":false,"last":"0"}`,
		"no versions":     `{"pos":"1","stream":"s","from":0,"to":0}` + "\n" + `{"end":true,"more":false,"last":"1"}`,
		"bad stream":      `{"pos":"1","stream":"","from":1,"to":1}` + "\n" + `{"end":true,"more":false,"last":"1"}`,
		"more, no moving": `{"end":true,"more":true,"last":"0"}`,
		"last goes back":  `{"pos":"3","stream":"s","from":1,"to":1}` + "\n" + `{"end":true,"more":false,"last":"2"}`,
		"not JSON":        `{"pos":`,
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			url := front(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-ndjson")
				_, _ = w.Write([]byte(page + "\n"))
			}))
			a := openURL(t, url, "tok")
			n := 0
			for _, err := range a.Changes(context.Background(), 0) {
				if err != nil {
					if !errors.Is(err, sealstream.ErrCorrupt) {
						t.Fatalf("Changes = %v, want ErrCorrupt", err)
					}
					return
				}
				if n++; n > 1 {
					t.Fatal("Changes yielded a change it should have refused")
				}
			}
			t.Fatal("Changes ended without an error")
		})
	}
}

// brokenFeed is a memory backend whose feed gives a change of alice's,
// then fails with an error that names a stream of bob's.
type brokenFeed struct{ *mem.Adapter }

func (b brokenFeed) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		if since == 0 && !yield(sealstream.Change{Position: 1, Stream: "alice/a", From: 1, To: 1}, nil) {
			return
		}
		yield(sealstream.Change{}, fmt.Errorf("feed damaged at the change of %q: %w", "bob/secret", sealstream.ErrCorrupt))
	}
}

// TestChangesErrorNamesNoStream checks that an error of the feed reaches
// a scoped token with its code but without the backend's message, which
// could name a stream out of its scope, at the start of a page, after a
// change and in the live feed.
func TestChangesErrorNamesNoStream(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ts := startServerOn(t, t.TempDir(), brokenFeed{mem.New()}, nil, feedGrants...)
	tok := ts.token("alice")
	status, body := raw(t, "GET", ts.URL+"/v1/changes?since=1", tok, nil)
	wantCode(t, "a page of a broken feed", status, body, http.StatusInternalServerError, "corrupt")
	status, page := raw(t, "GET", ts.URL+"/v1/changes", tok, nil)
	r := watchChanges(t, ts.URL, tok, "since=0")
	nextChange(t, r, "alice/a", 1)
	ev, err := r.Next()
	if err != nil || ev.Name != "error" {
		t.Fatalf("the live feed after the change: %v, %v; want an error event", ev, err)
	}
	for what, b := range map[string][]byte{"page": body, "cut page": page, "error event": ev.Data} {
		if bytes.Contains(b, []byte("bob")) || !bytes.Contains(b, []byte("corrupt")) {
			t.Fatalf("%s of a broken feed = %s: want its code, no stream named", what, b)
		}
	}
	if status != http.StatusOK || !bytes.Contains(page, []byte(`"end":true`)) {
		t.Fatalf("a page cut by an error = %d %s", status, page)
	}
	if err := firstError(ts.open(t, "alice"), 0); !errors.Is(err, sealstream.ErrCorrupt) || strings.Contains(err.Error(), "bob") {
		t.Fatalf("Changes of a broken feed = %v, want ErrCorrupt naming no stream", err)
	}
}
