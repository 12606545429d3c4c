package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/codec"
)

func TestPersistsAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	recs := adaptertest.Records("user-1", 0, 10, nil)
	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "user-1")
	for _, batch := range [][2]int{{0, 1}, {1, 4}, {4, 10}} {
		mustf(t, l.Append(context.Background(), uint64(batch[0]), recs[batch[0]:batch[1]]), "append")
	}
	mustf(t, a.Close(), "close")

	b := openAdapter(t, dir, quiet())
	l2 := openLog(t, b, "user-1")
	sameRecords(t, readAll(t, l2), recs)
	h, err := l2.Head(context.Background())
	mustf(t, err, "head")
	if !h.Last.Equal(recs[9]) || h.Version != 10 {
		t.Fatalf("Head() = %d %+v, want 10 %+v", h.Version, h.Last, recs[9])
	}
	fi, err := os.Stat(h.File)
	mustf(t, err, "stat Head().File")
	if filepath.Dir(h.File) != dir && !sameDir(t, filepath.Dir(h.File), dir) {
		t.Fatalf("Head().File = %s, not in %s", h.File, dir)
	}
	if fi.Size() != h.Bytes {
		t.Fatalf("Head().Bytes = %d, file size %d", h.Bytes, fi.Size())
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Fatalf("stream file mode = %v, want 0600", mode)
	}
	if b.Recovered() != 0 {
		t.Fatalf("reopen of a clean file recovered %d tails", b.Recovered())
	}
}

func TestCreatesDirectory0700(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "streams")
	openAdapter(t, dir, quiet())
	fi, err := os.Stat(dir)
	mustf(t, err, "stat")
	if mode := fi.Mode().Perm(); !fi.IsDir() || mode != 0o700 {
		t.Fatalf("directory mode = %v, want 0700", mode)
	}
}

func TestPersistsAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	env := []string{"DIR=" + dir, "STREAM=shared", "COUNT=3"}
	mustf(t, helper("write", env...).Run(), "child writing records 1-3")

	a := openAdapter(t, dir, quiet())
	l := openLog(t, a, "shared")
	got := readAll(t, l)
	want := make([]codec.Record, 6)
	for i := range want {
		want[i] = record(uint64(i+1), fmt.Sprintf("w%d", i+1))
	}
	sameRecords(t, got, want[:3])
	mustf(t, l.Append(context.Background(), 3, want[3:4]), "append 4")
	mustf(t, helper("write", append(env, "COUNT=2")...).Run(), "child writing records 5-6")
	sameRecords(t, readAll(t, l), want)
}

func sameDir(t *testing.T, a, b string) bool {
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// TestLargeRecords reads back records larger than the read buffer, between
// small ones, before and after a reopen.
func TestLargeRecords(t *testing.T) {
	dir := t.TempDir()
	rng := seeded(t)
	recs := adaptertest.Records("large", 0, 4, nil)
	for _, i := range []int{1, 2} {
		recs[i].Payload = make([]byte, 1<<20)
		for j := range recs[i].Payload {
			recs[i].Payload[j] = byte(rng.UintN(256))
		}
	}
	l := openLog(t, openAdapter(t, dir, quiet()), "large")
	mustf(t, l.Append(context.Background(), 0, recs), "append")
	sameRecords(t, readAll(t, l), recs)
	for from := uint64(1); from <= 4; from++ {
		var got []codec.Record
		for r, err := range l.Read(context.Background(), from) {
			mustf(t, err, "Read(%d)", from)
			got = append(got, r)
		}
		sameRecords(t, got, recs[from-1:])
	}
	sameRecords(t, readAll(t, openLog(t, openAdapter(t, dir, quiet()), "large")), recs)
}
