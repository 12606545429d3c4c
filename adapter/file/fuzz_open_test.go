package file_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// FuzzOpenFile opens arbitrary stream files. Nothing panics; damage is
// ErrCorrupt (or ErrIntegrity when a read finds the versions out of order);
// what is cut is a torn tail: the good lines of an unfinished batch, then
// at most one incomplete line or one bad line after which the batch still
// misses records, never a complete batch or another complete bad line; an
// accepted file, once any torn tail is cut, holds exactly the bytes an
// adapter writes for the records it reads back, appended in the batches
// the file's markers show. Opening and reading allocate no more than
// allocBound allows.
func FuzzOpenFile(f *testing.F) {
	seed := func(batches ...int) []byte {
		dir := f.TempDir()
		a, err := file.Open(context.Background(), dir, &file.Options{DisableNotify: true, PollInterval: -1})
		if err != nil {
			f.Fatal(err)
		}
		defer a.Close()
		l, _ := a.Open(context.Background(), "s")
		done := 0
		for _, n := range batches {
			if err := l.Append(context.Background(), uint64(done), adaptertest.Records("s", uint64(done), n, nil)); err != nil {
				f.Fatal(err)
			}
			done += n
		}
		b, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	three, mixed := seed(3), seed(1, 2, 1)
	f.Add(three)
	f.Add(seed())
	f.Add(mixed)
	f.Add(three[:len(three)-7])
	f.Add(mixed[:len(mixed)-7])
	f.Add(append(bytes.Clone(three), three[len(three)/2:]...))
	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		err := os.WriteFile(filepath.Join(dir, "s.jsonl"), content, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		var recs []codec.Record
		checkAllocs(t, len(content), func() { recs, err = openAndRead(dir) })
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) && !errors.Is(err, sealstream.ErrIntegrity) {
				t.Fatalf("unnamed error: %v", err)
			}
			return
		}
		if len(content) == 0 {
			return // an empty file is started with a fresh header
		}
		got, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(content, got) {
			t.Fatalf("open changed more than a tail:\n in %q\nout %q", content, got)
		}
		if len(got) < len(content) {
			checkTornCut(t, content[len(got):])
		}
		again := t.TempDir()
		a, _ := file.Open(context.Background(), again, &file.Options{DisableNotify: true, PollInterval: -1})
		defer a.Close()
		l, _ := a.Open(context.Background(), "s")
		done := 0
		for _, n := range batchSizes(t, got) {
			if err := l.Append(context.Background(), uint64(done), recs[done:done+n]); err != nil {
				t.Fatalf("re-append of accepted records: %v", err)
			}
			done += n
		}
		want, _ := os.ReadFile(filepath.Join(again, "s.jsonl"))
		if !bytes.Equal(got, want) {
			t.Fatalf("accepted file does not round-trip:\n got %q\nwant %q", got, want)
		}
	})
}

// batchSizes returns the sizes of the batches in the record lines of a
// stream file of stream "s", from their markers.
func batchSizes(t *testing.T, data []byte) []int {
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	var sizes []int
	n := 0
	for _, line := range lines[1:] {
		_, more, err := file.NewLineCodec("s", 0).DecodeLine(line)
		if err != nil {
			t.Fatalf("accepted line %q: %v", line, err)
		}
		if n++; more == 0 {
			sizes, n = append(sizes, n), 0
		}
	}
	if n != 0 {
		t.Fatalf("accepted file ends inside a batch")
	}
	return sizes
}

func openAndRead(dir string) ([]codec.Record, error) {
	a, err := file.Open(context.Background(), dir, &file.Options{DisableNotify: true, PollInterval: -1})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	l, err := a.Open(context.Background(), "s")
	if err != nil {
		return nil, err
	}
	var recs []codec.Record
	for r, err := range l.Read(context.Background(), 1) {
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// checkTornCut checks that the bytes open cut from a file of stream "s"
// are a torn tail: the good lines of an unfinished batch, then at most
// one incomplete line, or one bad line after which the batch still
// misses records; or just an incomplete line.
func checkTornCut(t *testing.T, cut []byte) {
	left := uint64(0) // records the batch still announces; 0: no batch begun
	for len(cut) > 0 {
		i := bytes.IndexByte(cut, '\n')
		if i < 0 {
			return // one incomplete line, last
		}
		line := cut[:i]
		cut = cut[i+1:]
		_, more, err := file.NewLineCodec("s", 0).DecodeLine(line)
		switch {
		case err != nil && (left < 2 || len(cut) > 0):
			t.Fatalf("open cut a complete bad line that is no torn write: %q (%v)", line, err)
		case err != nil:
			return
		case more == 0:
			t.Fatalf("open cut a line that completes a batch: %q", line)
		}
		left = more
	}
	if left == 0 {
		t.Fatalf("open cut nothing torn")
	}
}
