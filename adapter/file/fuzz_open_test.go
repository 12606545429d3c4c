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
// an accepted file, once any torn tail is cut, holds exactly the bytes an
// adapter writes for the records it reads back.
func FuzzOpenFile(f *testing.F) {
	seed := func(n int) []byte {
		dir := f.TempDir()
		a, err := file.Open(context.Background(), dir, &file.Options{DisableNotify: true, PollInterval: -1})
		if err != nil {
			f.Fatal(err)
		}
		defer a.Close()
		l, _ := a.Open(context.Background(), "s")
		if n > 0 {
			if err := l.Append(context.Background(), 0, adaptertest.Records("s", 0, n, nil)); err != nil {
				f.Fatal(err)
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	three := seed(3)
	f.Add(three)
	f.Add(seed(0))
	f.Add(three[:len(three)-7])
	f.Add(append(bytes.Clone(three), three[len(three)/2:]...))
	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "s.jsonl"), content, 0o600); err != nil {
			t.Fatal(err)
		}
		recs, err := openAndRead(dir)
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) && !errors.Is(err, sealstream.ErrIntegrity) {
				t.Fatalf("unnamed error: %v", err)
			}
			return
		}
		if len(recs) == 0 {
			return // an empty or torn-header file is (re)started with a fresh header
		}
		got, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(content, got) {
			t.Fatalf("open changed more than a tail:\n in %q\nout %q", content, got)
		}
		again := t.TempDir()
		a, _ := file.Open(context.Background(), again, &file.Options{DisableNotify: true, PollInterval: -1})
		defer a.Close()
		l, _ := a.Open(context.Background(), "s")
		if err := l.Append(context.Background(), 0, recs); err != nil {
			t.Fatalf("re-append of accepted records: %v", err)
		}
		want, _ := os.ReadFile(filepath.Join(again, "s.jsonl"))
		if !bytes.Equal(got, want) {
			t.Fatalf("accepted file does not round-trip:\n got %q\nwant %q", got, want)
		}
	})
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
