package file_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// TestUnfinishedBatchEndingInBadLineIsCut leaves behind a stream of one
// record the first two lines of a batch of four, then its third line,
// complete but with one bit flipped: the batch still misses a record
// after that line, so it was never acknowledged, and the whole tail is a
// torn write. A reader of another adapter takes it for a write in
// progress and changes nothing; a writer's next Append cuts and reports
// it; so does Open, with the cut bytes kept in the .broken file.
func TestUnfinishedBatchEndingInBadLineIsCut(t *testing.T) {
	recs := adaptertest.Records("torn", 0, 5, nil)
	lines := batchLines(t, "torn", recs[1:])
	bad := bytes.Clone(lines[2])
	bad[len(bad)/2] ^= 1
	tail := slices.Concat(lines[0], lines[1], bad)
	for _, byAppend := range []bool{false, true} {
		dir := t.TempDir()
		var cuts []file.Recovery
		a := openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
			OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
		l := openLog(t, a, "torn")
		mustf(t, l.Append(context.Background(), 0, recs[:1]), "append")
		h, err := l.Head(context.Background())
		mustf(t, err, "head")
		reader := openLog(t, openAdapter(t, dir, quiet()), "torn")
		appendBytes(t, h.File, tail)
		sameRecords(t, readAll(t, reader), recs[:1])
		if fi, err := os.Stat(h.File); err != nil || fi.Size() != h.Bytes+int64(len(tail)) {
			t.Fatalf("a reader changed the file (%v)", err)
		}
		if byAppend {
			mustf(t, l.Append(context.Background(), 1, recs[1:2]), "append after the torn tail")
		} else {
			mustf(t, l.Close(), "close")
			mustf(t, a.Close(), "close adapter")
			a = openAdapter(t, dir, &file.Options{DisableNotify: true, PollInterval: -1,
				OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
			sameRecords(t, readAll(t, openLog(t, a, "torn")), recs[:1])
		}
		if len(cuts) != 1 || a.Recovered() != 1 {
			t.Fatalf("append %v: cuts %+v, Recovered() = %d; want one", byAppend, cuts, a.Recovered())
		}
		c := cuts[0]
		if c.Stream != "torn" || c.Offset != h.Bytes || c.Bytes != int64(len(tail)) ||
			!strings.Contains(c.Reason, "unfinished") || !strings.Contains(c.Reason, "damaged line") {
			t.Fatalf("append %v: cut %+v, want the whole batch cut at %d as unfinished", byAppend, c, h.Bytes)
		}
		kept, err := os.ReadFile(c.Broken)
		mustf(t, err, "read %s", c.Broken)
		if !bytes.Equal(kept, tail) {
			t.Fatalf("append %v: %s holds %d bytes, want the %d cut", byAppend, c.Broken, len(kept), len(tail))
		}
		want := recs[:1]
		if byAppend {
			want = recs[:2]
		}
		sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "torn")), want)
	}
}
