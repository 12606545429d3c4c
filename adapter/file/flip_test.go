package file_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// flipCases are the appends of TestFlippedBitInLastLineIsCorrupt: three
// single-event batches, and one batch of three.
var flipCases = []struct {
	name    string
	batches []int
}{{"three batches of one", []int{1, 1, 1}}, {"one batch of three", []int{3}}}

// TestFlippedBitInLastLineIsCorrupt flips one bit in the last line of a
// stream file, at every byte but its newline: the line is complete, so
// it is damage, not a torn write, and the acknowledged batch it ends is
// never dropped. Open fails with ErrCorrupt naming the stream, version
// and offset, leaves the file as it is, keeps no .broken copy and
// reports no recovery; so do a reader and a writer of a handle opened
// before the line arrived, when they catch up.
func TestFlippedBitInLastLineIsCorrupt(t *testing.T) {
	for _, tc := range flipCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			recs := adaptertest.Records("flip", 0, 3, nil)
			l := openLog(t, openAdapter(t, dir, quiet()), "flip")
			done := 0
			for _, n := range tc.batches {
				mustf(t, l.Append(context.Background(), uint64(done), recs[done:done+n]), "append")
				done += n
			}
			h, err := l.Head(context.Background())
			mustf(t, err, "head")
			mustf(t, l.Close(), "close")
			orig, err := os.ReadFile(h.File)
			mustf(t, err, "read")
			last := bytes.LastIndexByte(orig[:len(orig)-1], '\n') + 1
			for i := last; i < len(orig)-1; i++ {
				data := bytes.Clone(orig)
				data[i] ^= 1 << (i % 8)
				mustf(t, os.WriteFile(h.File, data, 0o600), "write")
				var cuts []file.Recovery
				a, err := file.Open(context.Background(), dir, &file.Options{DisableNotify: true, PollInterval: -1,
					OnRecover: func(r file.Recovery) { cuts = append(cuts, r) }})
				mustf(t, err, "open adapter")
				_, err = a.Open(context.Background(), "flip")
				mustf(t, a.Close(), "close adapter")
				what := fmt.Sprintf("bit %d of byte %d", i%8, i)
				wantDamage(t, what, err, last)
				unchanged(t, what, dir, h.File, data)
				if len(cuts) != 0 {
					t.Fatalf("%s: recoveries reported: %+v", what, cuts)
				}
			}
			start := len(orig) // the first line of the last batch
			for range tc.batches[len(tc.batches)-1] {
				start = bytes.LastIndexByte(orig[:start-1], '\n') + 1
			}
			mustf(t, os.WriteFile(h.File, orig[:start], 0o600), "write")
			flipWhileOpen(t, dir, h.File, orig, start, last)
		})
	}
}

// flipWhileOpen opens a reader and a writer on the stream file cut back
// to its last batch, at start, then appends that batch again behind their
// backs with one bit of its last line, at last, flipped: each reports
// ErrCorrupt and changes nothing.
func flipWhileOpen(t *testing.T, dir, path string, orig []byte, start, last int) {
	reader := openLog(t, openAdapter(t, dir, quiet()), "flip")
	writer := openLog(t, openAdapter(t, dir, quiet()), "flip")
	h, err := writer.Head(context.Background())
	mustf(t, err, "head")
	batch := bytes.Clone(orig[start:])
	batch[last-start+(len(orig)-last)/2] ^= 4
	appendBytes(t, path, batch)
	data := slices.Concat(orig[:start], batch)
	_, err = reader.Head(context.Background())
	wantDamage(t, "reader's Head", err, last)
	_, err = tryReadAll(reader)
	wantDamage(t, "reader's Read", err, last)
	err = writer.Append(context.Background(), h.Version, adaptertest.Records("flip", h.Version, 1, nil))
	wantDamage(t, "writer's Append", err, last)
	unchanged(t, "after the reader and writer", dir, path, data)
}

// wantDamage checks err is ErrCorrupt naming stream "flip", record 3 and
// the offset off.
func wantDamage(t *testing.T, what string, err error, off int) {
	t.Helper()
	wantErr(t, what, err, sealstream.ErrCorrupt)
	for _, part := range []string{`"flip"`, "record 3", fmt.Sprintf("offset %d", off)} {
		if !strings.Contains(err.Error(), part) {
			t.Fatalf("%s: error %q does not name %s", what, err, part)
		}
	}
}

// unchanged checks the stream file holds data and no .broken file exists.
func unchanged(t *testing.T, what, dir, path string, data []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	mustf(t, err, "%s: read", what)
	if !bytes.Equal(got, data) {
		t.Fatalf("%s: the stream file changed: %d bytes, want %d", what, len(got), len(data))
	}
	for _, name := range filesUnder(t, dir) {
		if strings.HasSuffix(name, ".broken") {
			t.Fatalf("%s: %s exists", what, filepath.Join(dir, name))
		}
	}
}
