package file_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// TestOpenReadsOnlyTheTail damages the line of record 10 of a stream of
// 2,000 records that the offset sidecar covers: Open, Head and Append
// succeed, since they read no line before the sidecar's last; Reads from
// after the damage yield their records; a Read over it reports
// ErrCorrupt naming the record and its offset. With the sidecar turned
// off, Open reads every line and refuses the file.
func TestOpenReadsOnlyTheTail(t *testing.T) {
	dir := t.TempDir()
	recs, path := sideStream(t, dir, "tail", 2000, 64)
	data, err := os.ReadFile(path)
	mustf(t, err, "read")
	lines := lineStarts(data)
	data[lines[10]+40] ^= 1
	mustf(t, os.WriteFile(path, data, 0o600), "write")

	off, err := file.Open(context.Background(), dir, sideOpts(-1))
	mustf(t, err, "open adapter")
	_, err = off.Open(context.Background(), "tail")
	mustf(t, off.Close(), "close adapter")
	wantErr(t, "Open with the sidecar off", err, sealstream.ErrCorrupt)

	l := openLog(t, openAdapter(t, dir, quiet()), "tail")
	h, err := l.Head(context.Background())
	if err != nil || h.Version != 2000 {
		t.Fatalf("Head() = %d, %v; want 2000", h.Version, err)
	}
	readFrom(t, l, 11, recs)
	readFrom(t, l, 1999, recs)
	_, err = tryReadAll(l)
	wantErr(t, "Read over the damage", err, sealstream.ErrCorrupt)
	for _, part := range []string{"record 10 ", fmt.Sprintf("offset %d", lines[10])} {
		if !strings.Contains(err.Error(), part) {
			t.Fatalf("Read over the damage: error %q does not name %q", err, part)
		}
	}
	next := adaptertest.Records("tail", 2000, 1, nil)
	mustf(t, l.Append(context.Background(), 2000, next), "append")
	readFrom(t, l, 1500, append(recs, next...))
}

// TestReadFromSeeks reads a stream of 9,005 records from many versions:
// across the sidecar's chunks of entries, at its last record and in the
// records past it. The line of record 1 is damaged, so that only a seek
// reaches them.
func TestReadFromSeeks(t *testing.T) {
	dir := t.TempDir()
	recs, path := sideStream(t, dir, "seek", 9005, 1000) // the sidecar covers 9,000
	data, err := os.ReadFile(path)
	mustf(t, err, "read")
	data[lineStarts(data)[1]+30] ^= 8
	mustf(t, os.WriteFile(path, data, 0o600), "write")
	l := openLog(t, openAdapter(t, dir, sideOpts(1000)), "seek")
	for _, from := range []uint64{2, 3, 999, 1000, 1001, 4095, 4096, 4097, 4098, 8192, 8193, 8999, 9000, 9001, 9005, 9006} {
		readFrom(t, l, from, recs)
	}
	_, err = tryReadAll(l)
	wantErr(t, "Read(1)", err, sealstream.ErrCorrupt)
}
