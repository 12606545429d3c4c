package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// TestSSE writes events and reads them back with comments, CRLF line ends
// and multi-line data mixed in, and checks the reader's failures.
func TestSSE(t *testing.T) {
	var b bytes.Buffer
	for _, id := range []string{"1", "2"} {
		if err := wire.WriteEvent(&b, id, wire.EventRecord, []byte(`{"v":`+id+`}`)); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteString(": ping\r\n\r\nevent: x\r\ndata: a\r\ndata: b\r\nretry: 5\r\n\r\n")
	r := wire.NewSSEReader(&b, 1024)
	for _, want := range []wire.Event{{"1", wire.EventRecord, []byte(`{"v":1}`)}, {"2", wire.EventRecord, []byte(`{"v":2}`)}, {"", "x", []byte("a\nb")}} {
		got, err := r.Next()
		if err != nil || got.ID != want.ID || got.Name != want.Name || !bytes.Equal(got.Data, want.Data) {
			t.Fatalf("Next = %+v, %v; want %+v", got, err, want)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("at the end: %v, want EOF", err)
	}
	if _, err := wire.NewSSEReader(strings.NewReader("data: "+strings.Repeat("x", 100)+"\n\n"), 64).Next(); !errors.Is(err, wire.ErrLineTooLong) {
		t.Fatalf("a long line: %v, want ErrLineTooLong", err)
	}
	if _, err := wire.NewSSEReader(strings.NewReader(strings.Repeat("data: 0123456789\n", 10)), 64).Next(); !errors.Is(err, wire.ErrLineTooLong) {
		t.Fatalf("long data in short lines: %v, want ErrLineTooLong", err)
	}
	if _, err := wire.NewSSEReader(strings.NewReader("id: 1\ndata: x"), 64).Next(); err != io.ErrUnexpectedEOF {
		t.Fatalf("a cut event: %v, want ErrUnexpectedEOF", err)
	}
}

// TestRecordJSON round-trips records through JSON and refuses fields past
// the codec's limits and a previous hash of the wrong size.
func TestRecordJSON(t *testing.T) {
	for _, rec := range adaptertest.Records("s", 0, 3, nil) {
		b, err := json.Marshal(wire.FromCodec(&rec))
		if err != nil {
			t.Fatal(err)
		}
		var back wire.Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		got, err := back.Codec()
		if err != nil || !got.Equal(rec) {
			t.Fatalf("round trip of version %d: %+v, %v", rec.Version, got, err)
		}
	}
	for what, r := range map[string]wire.Record{
		"long ID":    {Version: 1, ID: strings.Repeat("i", 129), Type: "T"},
		"long type":  {Version: 1, ID: "e", Type: strings.Repeat("t", 257)},
		"short hash": {Version: 1, ID: "e", Type: "T", Prev: make([]byte, 31)},
		"metadata":   {Version: 1, ID: "e", Type: "T", Metadata: map[string]string{"k": strings.Repeat("m", 64<<10)}},
	} {
		if _, err := r.Codec(); !errors.Is(err, sealstream.ErrInvalidEvent) {
			t.Fatalf("%s: %v, want ErrInvalidEvent", what, err)
		}
	}
	if err := wire.CheckStreamID(strings.Repeat("s", 257)); !errors.Is(err, sealstream.ErrInvalidStreamID) {
		t.Fatalf("a 257-byte stream ID: %v", err)
	}
	for _, id := range []string{"", "a\x00", "a\nb", "\xff"} {
		if wire.CheckStreamID(id) == nil {
			t.Fatalf("stream ID %q accepted", id)
		}
	}
}

// FuzzSSEReader feeds arbitrary bytes to the event reader: it never
// panics, and never returns a line longer than its limit.
func FuzzSSEReader(f *testing.F) {
	f.Add([]byte("id: 1\nevent: head\ndata: {\"head\":1}\n\n"))
	f.Add([]byte(": c\r\n\r\ndata\ndata:\n\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := wire.NewSSEReader(bytes.NewReader(in), 32)
		for range len(in) + 1 {
			ev, err := r.Next()
			if err != nil {
				return
			}
			if len(ev.ID) > 32 || len(ev.Name) > 32 || len(ev.Data) > 32 {
				t.Fatalf("a field over the line limit: %v", ev)
			}
		}
	})
}
