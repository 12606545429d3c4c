package feedline_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// ids holds, last, IDs as long as the file adapter takes (1,024 bytes) of
// the bytes quoting makes longest.
var ids = []string{"a", "with space", `q"uote\`, "Ünïcödé-名前-🎉", "tab\there", strings.Repeat("L", 256), "\x00\xff",
	strings.Repeat("\x01", 1024), strings.Repeat("\u0080", 512), strings.Repeat("\U000e0001", 256)}

func TestRoundTrip(t *testing.T) {
	for i, id := range ids {
		e := feedline.Entry{ID: id, From: uint64(i + 1), To: uint64(i+1) * 1000}
		b := feedline.Append(nil, e)
		if b[0] != '\n' || b[len(b)-1] != '\n' || bytes.Count(b, []byte{'\n'}) != 2 {
			t.Fatalf("Append(%+v) = %q: want one line between two newlines", e, b)
		}
		if len(b)-2 > feedline.MaxLine {
			t.Fatalf("Append(%+v) is %d bytes, over MaxLine", e, len(b))
		}
		got, k := feedline.Parse(b[1 : len(b)-1])
		if k != feedline.Change || got != e {
			t.Fatalf("Parse(Append(%+v)) = %+v, %v", e, got, k)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	good := feedline.Append(nil, feedline.Entry{ID: "s", From: 1, To: 2})
	line := string(good[1 : len(good)-1])
	cases := map[string]feedline.Kind{
		"":                                 feedline.Blank,
		"      ":                           feedline.Blank,
		line[:len(line)-1]:                 feedline.Damaged, // torn
		"x" + line:                         feedline.Damaged,
		strings.Replace(line, "1", "3", 1): feedline.Damaged, // changed version
		strings.Replace(line, "s", "t", 1): feedline.Damaged, // changed ID
		"1 2 \"s\"":                        feedline.Damaged, // no CRC
	}
	for _, id := range []string{""} {
		b := feedline.Append(nil, feedline.Entry{ID: id, From: 1, To: 1})
		cases[string(b[1:len(b)-1])] = feedline.Damaged // empty ID
	}
	for _, e := range []feedline.Entry{{ID: "s", From: 0, To: 1}, {ID: "s", From: 3, To: 2}} {
		b := feedline.Append(nil, e)
		cases[string(b[1:len(b)-1])] = feedline.Damaged // impossible ranges
	}
	for in, want := range cases {
		if _, k := feedline.Parse([]byte(in)); k != want {
			t.Errorf("Parse(%q) kind = %v, want %v", in, k, want)
		}
	}
}

// scanAll scans the whole of b and renders what it saw.
func scanAll(t *testing.T, b []byte, off int64) (string, int64) {
	t.Helper()
	var out []string
	end, err := feedline.Scan(context.Background(), bytes.NewReader(b), off, int64(len(b)),
		func(e feedline.Entry, k feedline.Kind, next int64) bool {
			if k != feedline.Blank {
				out = append(out, fmt.Sprintf("%v:%s:%d-%d@%d", k, e.ID, e.From, e.To, next))
			}
			return true
		})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "|"), end
}

func TestScanSkipsTornLinesAndStopsBeforeAnIncompleteOne(t *testing.T) {
	var b []byte
	b = feedline.Append(b, feedline.Entry{ID: "a", From: 1, To: 1})
	first := int64(len(b))
	torn := feedline.Append(nil, feedline.Entry{ID: "b", From: 1, To: 9})
	b = append(b, torn[:len(torn)/2]...) // a crash cut this write
	if got, end := scanAll(t, b, 0); got != fmt.Sprintf("0:a:1-1@%d", first) || end != first+1 {
		t.Fatalf("scan with a torn tail = %q up to %d, want a alone up to %d", got, end, first+1)
	}
	b = feedline.Append(b, feedline.Entry{ID: "c", From: 2, To: 3})
	got, end := scanAll(t, b, first)
	want := fmt.Sprintf("2::0-0@%d|0:c:2-3@%d", first+int64(len(torn)/2)+1, len(b))
	if got != want || end != int64(len(b)) {
		t.Fatalf("scan after the next write = %q up to %d, want %q up to %d", got, end, want, len(b))
	}
}

func TestScanAcrossChunks(t *testing.T) {
	var b []byte
	var want []string
	for i := range 3000 {
		e := feedline.Entry{ID: ids[i%len(ids)], From: uint64(i + 1), To: uint64(i + 1)}
		b = feedline.Append(b, e)
		want = append(want, fmt.Sprintf("0:%s:%d-%d@%d", e.ID, e.From, e.To, len(b)))
	}
	b = append(b, bytes.Repeat([]byte("g"), 3*feedline.MaxLine)...) // a long damaged line
	b = feedline.Append(b, feedline.Entry{ID: "after", From: 1, To: 1})
	want = append(want, fmt.Sprintf("2::0-0@%d", len(b)-len(feedline.Append(nil, feedline.Entry{ID: "after", From: 1, To: 1}))+1),
		fmt.Sprintf("0:after:1-1@%d", len(b)))
	got, _ := scanAll(t, b, 0)
	if g := strings.Split(got, "|"); len(g) != len(want) {
		t.Fatalf("scan of %d bytes gave %d lines, want %d", len(b), len(g), len(want))
	}
	for i, g := range strings.Split(got, "|") {
		if g != want[i] {
			t.Fatalf("line %d: got %q, want %q", i, g, want[i])
		}
	}
}

func TestScanStopsWhenAsked(t *testing.T) {
	var b []byte
	for i := range 10 {
		b = feedline.Append(b, feedline.Entry{ID: "s", From: uint64(i + 1), To: uint64(i + 1)})
	}
	n := 0
	var at int64
	end, err := feedline.Scan(context.Background(), bytes.NewReader(b), 0, int64(len(b)),
		func(e feedline.Entry, k feedline.Kind, next int64) bool {
			if k == feedline.Change {
				n++
				at = next
			}
			return n < 3
		})
	if err != nil || n != 3 || end != at {
		t.Fatalf("Scan stopped after %d changes at %d (%v), want 3 at %d", n, end, err, at)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := feedline.Scan(ctx, bytes.NewReader(b), 0, int64(len(b)), func(feedline.Entry, feedline.Kind, int64) bool { return true }); err == nil {
		t.Fatal("Scan with a canceled context succeeded")
	}
}
