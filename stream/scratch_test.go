package stream_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// A file replay decodes records into memory the read reuses chunk after
// chunk; events keep their data, and a filtered read still authenticates
// the last record it walked past. Here the last 1,500 records, several
// chunks, are filtered out.
func TestFilteredFileReadAuthenticatesItsTail(t *testing.T) {
	ctx := context.Background()
	s := fileStream(t)
	for i := range 20 {
		es := make([]sealstream.Event, 100)
		for j := range es {
			typ := "kept"
			if i >= 5 {
				typ = "other"
			}
			es[j] = sealstream.Event{Type: typ, Data: fmt.Appendf(nil, "event %d-%d", i, j)}
		}
		if _, err := s.Append(ctx, es); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for e, err := range s.Read(ctx, stream.Where([]string{"kept"}, nil)) {
		if err != nil {
			t.Fatalf("after %d events: %v", n, err)
		}
		if want := fmt.Sprintf("event %d-%d", n/100, n%100); string(e.Data) != want {
			t.Fatalf("event %d holds %q, want %q", n, e.Data, want)
		}
		n++
	}
	if n != 500 {
		t.Fatalf("read %d events, want 500", n)
	}
}

// Records of every size come back whole from a file replay, those too
// large to share a chunk's memory among them.
func TestFileReplayMixedSizes(t *testing.T) {
	ctx := context.Background()
	s := fileStream(t)
	var want [][]byte
	for i := range 600 {
		size := 100 + i
		if i%50 == 7 {
			size = 300 << 10
		}
		data := make([]byte, size)
		for j := range data {
			data[j] = byte(i + j)
		}
		want = append(want, data)
		if _, err := s.Append(ctx, []sealstream.Event{{Type: "t", Data: data}}); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	for e, err := range s.Read(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(e.Data, want[i]) {
			t.Fatalf("event %d: %d bytes differ from the %d appended", i+1, len(e.Data), len(want[i]))
		}
		i++
	}
	if i != len(want) {
		t.Fatalf("read %d events, want %d", i, len(want))
	}
}

// fileStream opens a stream on a new file store, both closed at the end
// of the test.
func fileStream(t *testing.T) *stream.Stream[int] {
	t.Helper()
	st := fileStore(t, t.TempDir(), "pass")
	t.Cleanup(func() { st.Close() })
	s, err := stream.Open(context.Background(), st, "s", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
