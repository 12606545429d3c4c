package file_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// sideOpts are quiet options saving the offset sidecar every every
// records (and at Close past every/64 of them).
func sideOpts(every int) *file.Options {
	o := quiet()
	o.IndexEvery = every
	return o
}

// sideStream appends n records to the stream id (a plain ID) in dir, in
// batches of 10 (the last one shorter), with the sidecar saved every
// every records, then closes the adapter. It returns the records and the
// stream file's path.
func sideStream(t testing.TB, dir, id string, n, every int) ([]codec.Record, string) {
	t.Helper()
	recs := adaptertest.Records(id, 0, n, nil)
	a := openAdapter(t, dir, sideOpts(every))
	l := openLog(t, a, id)
	for i := 0; i < n; i += 10 {
		mustf(t, l.Append(context.Background(), uint64(i), recs[i:min(i+10, n)]), "append %d", i+1)
	}
	mustf(t, l.Close(), "close")
	mustf(t, a.Close(), "close adapter")
	return recs, filepath.Join(dir, id+".jsonl")
}

// reference returns the sidecar the adapter writes from scratch for the
// stream id whose file holds data: opening a copy in a directory of its
// own indexes the whole file and saves it.
func reference(t testing.TB, id string, data []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, id+".jsonl")
	mustf(t, os.WriteFile(path, data, 0o600), "write")
	a := openAdapter(t, dir, sideOpts(64))
	mustf(t, openLog(t, a, id).Close(), "close")
	mustf(t, a.Close(), "close adapter")
	side, err := os.ReadFile(path + ".idx")
	mustf(t, err, "read the reference sidecar")
	return side
}

// lineStarts returns the offset of each line of data: the header line,
// then the lines of versions 1, 2, …
func lineStarts(data []byte) []int {
	var out []int
	for i := 0; i < len(data); i++ {
		if i == 0 || data[i-1] == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// readFrom reads l from version from and checks it yields exactly
// want[from-1:].
func readFrom(t testing.TB, l adapter.Log, from uint64, want []codec.Record) {
	t.Helper()
	var got []codec.Record
	for r, err := range l.Read(context.Background(), from) {
		mustf(t, err, "Read(%d) after %d records", from, len(got))
		got = append(got, r)
	}
	if uint64(len(want)) < from {
		want = nil
	} else {
		want = want[from-1:]
	}
	if len(got) != len(want) {
		t.Fatalf("Read(%d) yielded %d records, want %d", from, len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("Read(%d): record %d = %+v, want %+v", from, from+uint64(i), got[i], want[i])
		}
	}
}

// sameFile checks the file at path holds want.
func sameFile(t testing.TB, what, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	mustf(t, err, "%s: read %s", what, path)
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %s holds %d bytes, not the %d expected%s", what, filepath.Base(path), len(got), len(want),
			firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf(" (first difference at byte %d)", i)
		}
	}
	return ""
}
