package httpadapter_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/adapter/mem"
)

// feedGrants are the grants of the feed's scope tests: every stream,
// alice's, and alice's without the right to read.
var feedGrants = []grant{
	fullGrant,
	{name: "alice", prefix: "alice/", read: true, write: true},
	{name: "writer", prefix: "alice/", write: true},
}

// feedServer starts a server over a memory backend with pages of two
// changes, so that a page looks at 32 changes at most.
func feedServer(t *testing.T) *testServer {
	return startServerOn(t, t.TempDir(), mem.New(), func(o *server.Options) { o.PageRecords = 2 }, feedGrants...)
}

// appendBatches appends one batch of one record to each stream, in order.
func appendBatches(t *testing.T, a adapter.Adapter, ids ...string) {
	t.Helper()
	for _, id := range ids {
		l := adaptertest.OpenLog(t, a, id)
		mustAppend(t, l, adaptertest.HeadOf(t, l).Version, 1)
	}
}

// repeat returns id n times.
func repeat(id string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = id
	}
	return out
}

// TestChangesScope checks that a token scoped to a prefix gets exactly the
// changes of its streams, at their store-wide positions, never a byte of
// another stream's, and still advances past the changes out of its scope:
// a page that found none of its own ends at the last position looked at.
func TestChangesScope(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	ts := feedServer(t)
	all, alice := ts.open(t, "all"), ts.open(t, "alice")
	appendBatches(t, all, "alice/a", "bob/x")
	appendBatches(t, all, repeat("bob/y", 70)...)
	appendBatches(t, all, "alice/b", "$snapshot/alice/a")
	appendBatches(t, all, repeat("bob/z", 5)...)

	full := adaptertest.Changes(t, all, 0)
	if len(full) != 79 {
		t.Fatalf("the full feed holds %d changes, want 79", len(full))
	}
	var want []sealstream.Change
	for _, c := range full {
		if strings.HasPrefix(c.Stream, "alice/") {
			want = append(want, c)
		}
	}
	if got := adaptertest.Changes(t, alice, 0); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("alice's changes = %+v, want %+v", got, want)
	}

	// Page by page, as the wire carries them.
	tok, since, empty := ts.token("alice"), uint64(0), 0
	for page := 0; ; page++ {
		if page > len(full) {
			t.Fatal("the pages do not end")
		}
		status, body := raw(t, "GET", fmt.Sprintf("%s/v1/changes?since=%d", ts.URL, since), tok, nil)
		if status != http.StatusOK || bytes.Contains(body, []byte("bob")) || bytes.Contains(body, []byte("snapshot")) {
			t.Fatalf("alice's page after %d = %d %s", since, status, body)
		}
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		var end struct {
			End, More bool
			Last      uint64 `json:"last,string"`
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &end); err != nil || !end.End {
			t.Fatalf("the page after %d ends with %s (%v)", since, lines[len(lines)-1], err)
		}
		if len(lines) == 1 {
			empty++
		}
		if end.More && end.Last <= since {
			t.Fatalf("the page after %d asks for more but ends at %d", since, end.Last)
		}
		since = end.Last
		if !end.More {
			break
		}
	}
	if empty == 0 {
		t.Error("no page went past out-of-scope changes alone")
	}
	if last := full[len(full)-1].Position; since != last {
		t.Fatalf("alice's pages end at position %d, the feed's last change is at %d", since, last)
	}
	if got := adaptertest.Changes(t, alice, since); len(got) != 0 {
		t.Fatalf("alice's changes after the last position = %+v", got)
	}

	// Without the right to read, nothing; with it but out of scope, the
	// same answer whatever exists.
	if status, body := raw(t, "GET", ts.URL+"/v1/changes", ts.token("writer"), nil); status != http.StatusForbidden {
		t.Fatalf("changes for a token without the right to read = %d %s, want 403", status, body)
	}
	status, body := raw(t, "GET", fmt.Sprintf("%s/v1/changes?since=%d", ts.URL, want[len(want)-1].Position), tok, nil)
	if status != http.StatusOK || countLines(body) != 1 {
		t.Fatalf("alice's page after her last change = %d %s, want only the closing line", status, body)
	}
}

// countLines counts the lines of an answer.
func countLines(b []byte) int {
	n := 0
	for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
		n++
	}
	return n
}
