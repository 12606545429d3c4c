package s3_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// TestHostileIDsStayUnderPrefix stores streams whose IDs look like paths,
// escapes, keys of this adapter and look-alikes: each keeps its own
// records, every key of the bucket stays under the test's prefix, and no
// key has an empty, "." or ".." component or one over 255 bytes.
func TestHostileIDsStayUnderPrefix(t *testing.T) {
	u := freshURL(t)
	a := openAdapter(t, u, s3.Options{})
	ids := append(slices.Clone(adaptertest.HostileIDs),
		"..", ".", "a/../../b", "%2e%2e", "%2F", "s/x.s/c/00000000000000000001", "i/x.s",
		"user‐1", "usеr-1", strings.Repeat("é", 128), strings.Repeat("%", 256), " ", "~")
	for i, id := range ids {
		mustAppend(t, adaptertest.OpenLog(t, a, id), 0, adaptertest.Records(id, 0, 1+i%3, nil))
	}
	for i, id := range ids {
		got := adaptertest.ReadAll(t, adaptertest.OpenLog(t, a, id), 1)
		want := adaptertest.Records(id, 0, 1+i%3, nil)
		if len(got) != len(want) || got[0].ID != want[0].ID {
			t.Fatalf("stream %q holds %d records starting %q, want %d of its own", id, len(got), got[0].ID, len(want))
		}
	}
	prefix := prefixOf(t, u)
	for _, key := range keysUnder(t, "") {
		if !strings.HasPrefix(key, "t-") {
			t.Errorf("key %q outside every test prefix", key)
		}
		if len(key) > 1024 {
			t.Errorf("key of %d bytes", len(key))
		}
		for _, c := range strings.Split(strings.TrimSuffix(key, "/"), "/") {
			if c == "" || c == "." || c == ".." || len(c) > 255 {
				t.Errorf("key %q has the component %q", key, c)
			}
		}
	}
	var listed []string
	for id, err := range a.Streams(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, id)
	}
	slices.Sort(listed)
	slices.Sort(ids)
	if !slices.Equal(listed, ids) {
		t.Fatalf("Streams under %s = %q, want %q", prefix, listed, ids)
	}
}

// TestInvalidStreamIDs refuses IDs that are empty, too long, not UTF-8 or
// hold control characters, with ErrInvalidStreamID, and sends nothing.
func TestInvalidStreamIDs(t *testing.T) {
	rec, hc := newRecorder(t)
	a := openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc})
	for name, id := range map[string]string{
		"empty":     "",
		"too long":  strings.Repeat("x", s3.MaxStreamIDLen+1),
		"NUL":       "a\x00b",
		"newline":   "a\nb",
		"escape":    "\x1b[31m",
		"not UTF-8": "a\xffb",
		"C1":        "a\u0085b",
	} {
		if _, err := a.Open(context.Background(), id); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("%s: Open = %v, want ErrInvalidStreamID", name, err)
		}
		if err := a.Erase(context.Background(), id); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("%s: Erase = %v, want ErrInvalidStreamID", name, err)
		}
		if _, err := s3.StreamKey("p/", id); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("%s: StreamKey = %v, want ErrInvalidStreamID", name, err)
		}
	}
	if n := rec.count(""); n != 0 {
		t.Fatalf("%d requests sent for invalid IDs", n)
	}
}

// TestStreamsSkipsForeignObjects plants objects in the index that the
// adapter did not write: none is listed.
func TestStreamsSkipsForeignObjects(t *testing.T) {
	u := freshURL(t)
	a := openAdapter(t, u, s3.Options{})
	mustAppend(t, adaptertest.OpenLog(t, a, "real"), 0, adaptertest.Records("real", 0, 1, nil))
	for _, k := range []string{"i/%61.s", "i/abc", "i/UPPER.s", "i/a%2.s", "i/a/b.s", "i/.s"} {
		putObject(t, prefixOf(t, u)+k, []byte("x"))
	}
	var got []string
	for id, err := range a.Streams(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if !slices.Equal(got, []string{"real"}) {
		t.Fatalf("Streams = %q, want only \"real\"", got)
	}
}
