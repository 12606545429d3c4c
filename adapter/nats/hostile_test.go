package nats_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// Stream IDs that are hostile as subjects or paths each get a stream of
// their own, isolated from the others, or a named error.
func TestHostileStreamIDs(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	a := openAdapter(t, s.ClientURL(), o)
	ids := []string{
		"../..", "/etc/passwd", "a b", "a.b", "a_b", "a..b", ".", "*", ">", "a.*", "a.>",
		"$JS.API.STREAM.DELETE." + o.Stream, "ünïcödé", "\u202euser", "uѕer", "user",
		"tab\there", "nul\x00byte", "\r\n", strings.Repeat("x", 300), strings.Repeat("é", 256),
	}
	for i, id := range ids {
		l := openLog(t, a, id)
		recs := adaptertest.Records(id, 0, 1, nil)
		recs[0].Metadata = map[string]string{"i": string(rune('a' + i))}
		mustAppend(t, l, 0, recs)
	}
	for i, id := range ids {
		l := openLog(t, a, id)
		got := readAll(t, l, 1)
		if len(got) != 1 || got[0].Metadata["i"] != string(rune('a'+i)) {
			t.Fatalf("stream %q holds %d records %+v, want its own one", id, len(got), got)
		}
		subject, err := o.Subject(id)
		if err != nil || strings.Count(subject, ".") != strings.Count(o.SubjectPrefix, ".")+1 ||
			strings.ContainsAny(subject, "*> \t\r\n\x00") {
			t.Fatalf("Subject(%q) = %q, %v: not one literal token", id, subject, err)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 513)} {
		_, err := a.Open(context.Background(), id)
		wantErr(t, fmt.Sprintf("Open of a %d-byte ID", len(id)), err, sealstream.ErrInvalidStreamID)
	}
}

// Oversize input gets ErrTooLarge and stores nothing: a record over the
// server's message size, and more records than an atomic batch may hold.
func TestOversize(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	o := freshOptions()
	o.MaxBatch = 10
	l := openLog(t, openAdapter(t, s.ClientURL(), o), "s")
	ctx := context.Background()

	big := adaptertest.Records("s", 0, 3, nil)
	big[1].Payload = make([]byte, 1<<20) // the server's default max_payload is 1 MiB
	wantErr(t, "append with a 1 MiB payload", l.Append(ctx, 0, big), sealstream.ErrTooLarge)

	many := adaptertest.Records("s", 0, 11, nil)
	wantErr(t, "append of 11 records with MaxBatch 10", l.Append(ctx, 0, many), sealstream.ErrTooLarge)

	if h := headOf(t, l); h.Version != 0 {
		t.Fatalf("head %d after refused appends", h.Version)
	}
	fits := adaptertest.Records("s", 0, 10, nil)
	fits[9].Payload = make([]byte, 900<<10)
	mustAppend(t, l, 0, fits)
	got := readAll(t, l, 1)
	if len(got) != 10 || !got[9].Equal(fits[9]) {
		t.Fatalf("read %d records back, want the 10 appended", len(got))
	}
}
