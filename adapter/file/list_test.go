package file_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

func hashedName(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "h." + hex.EncodeToString(sum[:]) + ".jsonl"
}

func listAll(t *testing.T, a adapter.Adapter, prefix string) ([]string, error) {
	t.Helper()
	var ids []string
	for id, err := range a.Streams(context.Background(), prefix) {
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// Hashed file names map back to their IDs through their headers; files the
// adapter does not make as stream files, and empty ones, are not listed.
func TestStreamsIgnoresOtherFiles(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	for _, id := range []string{"user-1", "User-1", "../x", "empty-later"} {
		openLog(t, a, id)
	}
	mustf(t, os.Truncate(filepath.Join(dir, "empty-later.jsonl"), 0), "truncate")
	for _, name := range []string{"Foo.jsonl", "notes.txt", "a.b.jsonl", "h.abc.jsonl", "user-2.jsonl.lock",
		"user-3.jsonl.broken", "user-4.jsonl.tmp", "user-5.jsonl.idx", "user-6.jsonl.ids", "h..jsonl", "h." + strings.Repeat("A", 64) + ".jsonl"} {
		mustf(t, os.WriteFile(filepath.Join(dir, name), []byte("not a stream\n"), 0o600), "write %s", name)
	}
	mustf(t, os.Mkdir(filepath.Join(dir, ".keyring"), 0o700), "mkdir")
	got, err := listAll(t, a, "")
	mustf(t, err, "Streams")
	if want := []string{"../x", "User-1", "user-1"}; !slices.Equal(got, want) {
		t.Fatalf("Streams = %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, hashedName("User-1"))); err != nil {
		t.Fatalf("User-1 has no hashed file: %v", err)
	}
}

// A stream file that is not a regular file, or whose header is damaged or
// names a stream hashed to another file, stops the listing with ErrCorrupt.
func TestStreamsDamagedFiles(t *testing.T) {
	for name, damage := range map[string]func(t *testing.T, dir string){
		"damaged header": func(t *testing.T, dir string) {
			p := filepath.Join(dir, hashedName("A b"))
			b, err := os.ReadFile(p)
			mustf(t, err, "read")
			b[len(`{"sealstream":"file","f":1,"stream":"`)] ^= 1
			mustf(t, os.WriteFile(p, b, 0o600), "write")
		},
		"header of another stream": func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(dir, hashedName("A b")))
			mustf(t, err, "read")
			mustf(t, os.WriteFile(filepath.Join(dir, hashedName("C d")), b, 0o600), "write")
		},
		"no header line": func(t *testing.T, dir string) {
			mustf(t, os.WriteFile(filepath.Join(dir, hashedName("E f")), []byte(`{"sealstream"`), 0o600), "write")
		},
		"a directory": func(t *testing.T, dir string) {
			mustf(t, os.Mkdir(filepath.Join(dir, "sub.jsonl"), 0o700), "mkdir")
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			a := openAdapter(t, dir, quiet())
			appendOne(t, openLog(t, a, "A b"), "e")
			if got, err := listAll(t, a, ""); err != nil || !slices.Equal(got, []string{"A b"}) {
				t.Fatalf("Streams before the damage = %q, %v", got, err)
			}
			damage(t, dir)
			_, err := listAll(t, a, "")
			wantErr(t, "Streams over a damaged file", err, sealstream.ErrCorrupt)
		})
	}
}

// Listing more streams than one directory batch yields each once.
func TestStreamsManyFiles(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	var want []string
	for i := range 600 {
		id := string(rune('a'+i%26)) + "-" + string(rune('A'+i/26))
		want = append(want, id)
		l, err := a.Open(context.Background(), id)
		mustf(t, err, "open")
		mustf(t, l.Append(context.Background(), 0, adaptertest.Records(id, 0, 1, nil)), "append")
		mustf(t, l.Close(), "close")
	}
	slices.Sort(want)
	got, err := listAll(t, a, "")
	mustf(t, err, "Streams")
	if !slices.Equal(got, want) {
		t.Fatalf("Streams listed %d streams, want %d", len(got), len(want))
	}
}
