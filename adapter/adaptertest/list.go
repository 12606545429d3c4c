package adaptertest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// HostileIDs are stream IDs that an adapter must keep apart and list back
// exactly: path tricks, subject and LIKE metacharacters, names that look
// like an adapter's own file names, case twins, non-ASCII and a long one.
// Each is valid for the stream package (printable UTF-8, at most 256
// bytes).
var HostileIDs = []string{
	"user-1", "User-1", "user-10", "con", "-dash",
	"../../etc/passwd", "/abs/path", `a/b\c`, "with space", "dots.and*wild>cards",
	"h.0000000000000000000000000000000000000000000000000000000000000000",
	"x.jsonl.lock", "pre%fix", "pre_fix", "pre!fix", "prefix", `pre\fix`, `pre'fix"`, "%", "_",
	"Ünïcödé-名前-🎉", strings.Repeat("L", 256),
}

// listPrefixes are the prefixes the listing case asks for.
var listPrefixes = []string{
	"", "user-", "User", "pre", "pre%", "pre_", "pre!", `pre\`, "%", "_", "../", "Ü", "h.", "x.jsonl",
	"user-1", strings.Repeat("L", 200), strings.Repeat("L", 257), "nothing-starts-so",
}

// fill appends n records to a new stream id and closes the handle.
func fill(t *testing.T, a adapter.Adapter, id string, n int) {
	t.Helper()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		t.Fatalf("Open(%q) = %v", id, err)
	}
	appendOK(t, l, 0, Records(id, 0, n, nil))
	if err := l.Close(); err != nil {
		t.Fatalf("Close(%q) = %v", id, err)
	}
}

// list collects Streams(prefix), failing on an error or a repeated ID.
func list(t *testing.T, a adapter.Adapter, prefix string) []string {
	t.Helper()
	var ids []string
	for id, err := range a.Streams(context.Background(), prefix) {
		if err != nil {
			t.Fatalf("Streams(%q) error = %v", prefix, err)
		}
		if slices.Contains(ids, id) {
			t.Fatalf("Streams(%q) yielded %q twice", prefix, id)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func testStreams(t *testing.T, a adapter.Adapter) {
	if got := list(t, a, ""); len(got) != 0 {
		t.Fatalf("Streams on a new adapter = %q, want none", got)
	}
	for i, id := range HostileIDs {
		fill(t, a, id, 1+i%3)
	}
	// Handles left open, twice on one stream, must not change the listing.
	appendOK(t, OpenLog(t, a, "open-twice"), 0, Records("open-twice", 0, 1, nil))
	OpenLog(t, a, "open-twice")
	// A stream opened and never appended to may be listed, once, or not.
	OpenLog(t, a, "pre-empty")
	all := append(slices.Clone(HostileIDs), "open-twice")
	for _, prefix := range listPrefixes {
		var want []string
		for _, id := range all {
			if strings.HasPrefix(id, prefix) {
				want = append(want, id)
			}
		}
		got := slices.DeleteFunc(list(t, a, prefix), func(id string) bool { return id == "pre-empty" })
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("Streams(%q) = %q, want %q", prefix, got, want)
		}
	}
}

func testStreamsBreak(t *testing.T, a adapter.Adapter) {
	for _, id := range []string{"b1", "b2", "b3", "b4", "b5"} {
		fill(t, a, id, 1)
	}
	n := 0
	for _, err := range a.Streams(context.Background(), "b") {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatalf("listed %d streams before break, want 2", n)
	}
	if got := list(t, a, "b"); len(got) != 5 {
		t.Fatalf("Streams after a break listed %q, want 5 streams", got)
	}
}

func testStreamsErrors(t *testing.T, a adapter.Adapter) {
	fill(t, a, "s1", 1)
	fill(t, a, "s2", 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	firstErr(t, "Streams with a canceled context", a.Streams(ctx, ""), context.Canceled)
	if err := a.Close(); err != nil {
		t.Fatalf("adapter Close() = %v", err)
	}
	firstErr(t, "Streams after adapter Close", a.Streams(context.Background(), ""), sealstream.ErrClosed)
}

// firstErr checks that seq yields want's error first and nothing after it.
func firstErr(t *testing.T, what string, seq func(func(string, error) bool), want error) {
	t.Helper()
	n := 0
	for id, err := range seq {
		n++
		if n > 1 {
			t.Fatalf("%s yielded %q, %v after its error", what, id, err)
		}
		isErr(t, what, err, want)
	}
	if n == 0 {
		t.Fatalf("%s yielded nothing, want an error matching %v", what, want)
	}
}
