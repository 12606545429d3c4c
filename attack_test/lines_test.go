package attack_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// The attacker's view of a file store: a stream with a plain ID is the
// file <id>.jsonl, a header line then one line per record, which the
// public line codec reads and writes.

func streamFile(dir, id string) string { return filepath.Join(dir, id+".jsonl") }

// lines returns the lines of a stream file, newlines included.
func lines(t *testing.T, dir, id string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(streamFile(dir, id))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}

// readLines decodes the records of a stream file by hand.
func readLines(t *testing.T, dir, id string) []codec.Record {
	t.Helper()
	c := file.NewLineCodec(id, 0)
	var out []codec.Record
	for _, line := range lines(t, dir, id)[1:] {
		r, _, err := c.DecodeLine(bytes.TrimSuffix(line, []byte("\n")))
		if err != nil {
			t.Fatalf("decoding a line of %q: %v", id, err)
		}
		out = append(out, clone(r))
	}
	return out
}

// writeLines rewrites a stream file by hand: its header line, then recs,
// each written as a batch of its own.
func writeLines(t *testing.T, dir, id string, recs []codec.Record) {
	t.Helper()
	c := file.NewLineCodec(id, 0)
	out := bytes.Clone(lines(t, dir, id)[0])
	for i := range recs {
		var err error
		if out, err = c.AppendLine(out, &recs[i], 0); err != nil {
			t.Fatalf("encoding a line of %q: %v", id, err)
		}
	}
	if err := os.WriteFile(streamFile(dir, id), out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// truncateLines cuts a stream file after its first n records, on a line
// boundary: a clean truncation, which the file itself cannot show.
func truncateLines(t *testing.T, dir, id string, n int) {
	t.Helper()
	size := 0
	for _, line := range lines(t, dir, id)[:n+1] {
		size += len(line)
	}
	if err := os.Truncate(streamFile(dir, id), int64(size)); err != nil {
		t.Fatal(err)
	}
}
