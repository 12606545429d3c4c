package file_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// FuzzSidecar opens a sound stream file beside an arbitrary offset
// sidecar, as a writer of the directory could leave it. The sidecar is
// derived data: whatever it holds, nothing panics, Open succeeds, every
// record reads back exactly, from the start and from any version, and an
// append still lands after them.
func FuzzSidecar(f *testing.F) {
	const n = 40
	dir := f.TempDir()
	opts := &file.Options{DisableNotify: true, PollInterval: -1, IndexEvery: 8}
	a, err := file.Open(context.Background(), dir, opts)
	if err != nil {
		f.Fatal(err)
	}
	l, _ := a.Open(context.Background(), "s")
	want := adaptertest.Records("s", 0, n, nil)
	for i := 0; i < n; i += 5 {
		if err := l.Append(context.Background(), uint64(i), want[i:i+5]); err != nil {
			f.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		f.Fatal(err)
	}
	log, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, "s.jsonl.idx"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, uint8(1))
	f.Add(good[:len(good)-8], uint8(17))
	f.Add(good[:64], uint8(40))
	shifted := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(shifted[64+8*3:], binary.LittleEndian.Uint64(shifted[64+8*3:])+1)
	f.Add(shifted, uint8(4))
	f.Add([]byte{}, uint8(2))
	f.Fuzz(func(t *testing.T, sidecar []byte, from uint8) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "s.jsonl"), log, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "s.jsonl.idx"), sidecar, 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := file.Open(context.Background(), dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		l, err := a.Open(context.Background(), "s")
		if err != nil {
			t.Fatalf("Open with a hostile sidecar: %v", err)
		}
		v := uint64(from)%n + 1
		var got []codec.Record
		for r, err := range l.Read(context.Background(), v) {
			if err != nil {
				t.Fatalf("Read(%d): %v", v, err)
			}
			got = append(got, r)
		}
		sameRecords(t, got, want[v-1:])
		sameRecords(t, readAll(t, l), want)
		if err := l.Append(context.Background(), n, adaptertest.Records("s", n, 1, nil)); err != nil {
			t.Fatalf("Append after a hostile sidecar: %v", err)
		}
	})
}
