package s3_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/codec"
)

// fillCommits appends n commits of one record each to stream id.
func fillCommits(t *testing.T, l adapter.Log, id string, n int) []codec.Record {
	t.Helper()
	recs := adaptertest.Records(id, 0, n, nil)
	for i := range recs {
		mustAppend(t, l, uint64(i), recs[i:i+1])
	}
	return recs
}

// TestHeadOfALongStreamIsCheap opens a stream of 300 commits in a fresh
// adapter: Head costs the hint, the commit it names and a short gallop,
// never a listing; the next Head costs one GET.
func TestHeadOfALongStreamIsCheap(t *testing.T) {
	u := freshURL(t)
	recs := fillCommits(t, adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{HintEvery: 8}), "long"), "long", 300)
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{HTTPClient: hc}), "long")
	h := adaptertest.HeadOf(t, l)
	if h.Version != 300 || !h.Last.Equal(recs[299]) {
		t.Fatalf("head %d, want 300", h.Version)
	}
	if n, lists := rec.count(""), rec.count("LIST"); n > 10 || lists != 0 {
		t.Fatalf("Head of a fresh adapter sent %d requests, %d listings; want at most 10, none", n, lists)
	}
	rec.reset()
	adaptertest.HeadOf(t, l)
	if n := rec.count(""); n != 1 {
		t.Fatalf("a second Head sent %d requests, want 1", n)
	}
}

// TestStaleHintIsOnlyAHint plants hints that name a missing commit, an
// old one, and garbage: the head is right each time.
func TestStaleHintIsOnlyAHint(t *testing.T) {
	u := freshURL(t)
	recs := fillCommits(t, adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{HintEvery: 1000}), "hinted"), "hinted", 20)
	key, _ := s3.StreamKey(prefixOf(t, u), "hinted")
	for _, hint := range []string{"999", "2", "20", "0", "garbage", "18446744073709551615"} {
		putObject(t, key+"head", []byte(hint))
		l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "hinted")
		if h := adaptertest.HeadOf(t, l); h.Version != 20 || !h.Last.Equal(recs[19]) {
			t.Fatalf("hint %q: head %d, want 20", hint, h.Version)
		}
	}
}

// TestReadFromTheMiddleIsLogarithmic reads from version 150 of 300
// one-record commits in a fresh adapter: finding the commit costs about
// log2(300) reads, not 150.
func TestReadFromTheMiddleIsLogarithmic(t *testing.T) {
	u := freshURL(t)
	recs := fillCommits(t, adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "mid"), "mid", 300)
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{HTTPClient: hc, SegmentCommits: -1}), "mid")
	for r, err := range l.Read(context.Background(), 150) {
		if err != nil || !r.Equal(recs[149]) {
			t.Fatalf("Read(150) began with %d, %v", r.Version, err)
		}
		break
	}
	if n := rec.count(""); n > 25 {
		t.Fatalf("Read(150) sent %d requests before its first record, want at most 25", n)
	}
}

// TestSegmentsCompactReads reads 50 one-record commits with segments of
// 16: the first read writes segments 1-16, 17-32 and 33-48, and a later
// reader reads them in 3 requests instead of 48, getting the same records.
func TestSegmentsCompactReads(t *testing.T) {
	u := freshURL(t)
	recs := fillCommits(t, adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "seg"), "seg", 50)
	opts := s3.Options{SegmentCommits: 16}
	first := adaptertest.ReadAll(t, adaptertest.OpenLog(t, openAdapter(t, u, opts), "seg"), 1)
	key, _ := s3.StreamKey(prefixOf(t, u), "seg")
	want := []string{key + "g/00000000000000000001-00000000000000000016",
		key + "g/00000000000000000017-00000000000000000032", key + "g/00000000000000000033-00000000000000000048"}
	if got := keysUnder(t, key+"g/"); !slices.Equal(got, want) {
		t.Fatalf("segments %q, want %q", got, want)
	}
	rec, hc := newRecorder(t)
	opts.HTTPClient = hc
	second := adaptertest.ReadAll(t, adaptertest.OpenLog(t, openAdapter(t, u, opts), "seg"), 1)
	if n := rec.count("GET"); n > 12 {
		t.Fatalf("a read over segments sent %d GETs, want at most 12", n)
	}
	for i, got := range [][]codec.Record{first, second, adaptertest.ReadAll(t, adaptertest.OpenLog(t, openAdapter(t, u, opts), "seg"), 20)} {
		want := recs[:]
		if i == 2 {
			want = recs[19:]
		}
		if len(got) != len(want) || !got[0].Equal(want[0]) || !got[len(got)-1].Equal(want[len(want)-1]) {
			t.Fatalf("read %d: %d records, want %d", i, len(got), len(want))
		}
	}
}

// TestAppendCosts counts requests per append of one writer at its head:
// one PUT, plus the hint every HintEvery commits, plus the index object
// on the first.
func TestAppendCosts(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, HintEvery: 8}), "cost")
	fillCommits(t, l, "cost", 64)
	if puts, gets := rec.count("PUT"), rec.count("GET"); puts != 64+64/8+1 || gets != 0 {
		t.Fatalf("64 appends sent %d PUTs and %d GETs, want %d and 0", puts, gets, 64+64/8+1)
	}
}
