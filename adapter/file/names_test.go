package file_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

var hostileIDs = []string{
	"../..", "../../etc/passwd", "..", ".", "/etc/passwd", "/", "a/b", `a\b`, `C:\Windows`,
	"nul\x00byte", "\x00", strings.Repeat("x", 300), strings.Repeat("é", 300),
	"ｕｓｅｒ", "user", "User", "USER", "usеr" /* Cyrillic е */, "user ", " user",
	"-rf", ".hidden", "con", "CON", "nul", "com1", "lpt9", "x.jsonl", "user.jsonl",
	"h." + strings.Repeat("0", 64), "user.lock", "user.jsonl.broken", "~root", "$HOME", "a\nb",
}

// TestHostileStreamIDs opens a stream for each hostile ID, in a directory
// inside a parent holding nothing else: no file may appear outside the
// directory, and no two IDs may share a file.
func TestHostileStreamIDs(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "streams")
	a := openAdapter(t, dir, quiet())
	files := map[string]string{}
	for _, id := range hostileIDs {
		l := openLog(t, a, id)
		mustf(t, l.Append(context.Background(), 0, adaptertest.Records(id, 0, 1, nil)), "append to %q", id)
		h, err := l.Head(context.Background())
		mustf(t, err, "head of %q", id)
		if filepath.Dir(h.File) != dir {
			t.Fatalf("stream %q has file %s, outside %s", id, h.File, dir)
		}
		if other, ok := files[h.File]; ok {
			t.Fatalf("streams %q and %q share the file %s", other, id, h.File)
		}
		files[h.File] = id
	}
	for _, f := range filesUnder(t, parent) {
		if filepath.Dir(f) != "streams" {
			t.Fatalf("file %s created outside the directory", f)
		}
	}
	mustf(t, a.Close(), "close")

	b := openAdapter(t, dir, quiet())
	for _, id := range hostileIDs {
		sameRecords(t, readAll(t, openLog(t, b, id)), adaptertest.Records(id, 0, 1, nil))
	}
}

func TestInvalidStreamIDs(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	for _, id := range []string{"", "bad\xffutf8", strings.Repeat("x", 1025)} {
		_, err := a.Open(context.Background(), id)
		wantErr(t, "Open("+id[:min(len(id), 10)]+"…)", err, sealstream.ErrInvalidStreamID)
	}
}

// TestSymlinkOutsideRefused plants a stream file that is a symlink leading
// out of the directory: opening the stream must fail and leave the target
// untouched.
func TestSymlinkOutsideRefused(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "streams")
	target := filepath.Join(parent, "target")
	mustf(t, os.WriteFile(target, []byte("precious\n"), 0o600), "write target")
	a := openAdapter(t, dir, quiet())
	mustf(t, os.Symlink(target, filepath.Join(dir, "evil.jsonl")), "symlink")
	if _, err := a.Open(context.Background(), "evil"); err == nil {
		t.Fatal("Open through a symlink out of the directory succeeded")
	}
	if got, _ := os.ReadFile(target); string(got) != "precious\n" {
		t.Fatalf("target changed to %q", got)
	}
}

// TestFileOfAnotherStreamRefused copies one stream's file over another's:
// the header check refuses it.
func TestFileOfAnotherStreamRefused(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	for _, id := range []string{"alice", "Bob/1"} {
		mustf(t, openLog(t, a, id).Append(context.Background(), 0, adaptertest.Records(id, 0, 1, nil)), "append")
	}
	mustf(t, a.Close(), "close")
	name := func(id string) string {
		h, _ := openLog(t, openAdapter(t, dir, quiet()), id).Head(context.Background())
		return h.File
	}
	alice, bob := name("alice"), name("Bob/1")
	data, err := os.ReadFile(alice)
	mustf(t, err, "read")
	mustf(t, os.WriteFile(bob, data, 0o600), "copy")
	_, err = openAdapter(t, dir, quiet()).Open(context.Background(), "Bob/1")
	wantErr(t, "Open of a copied file", err, sealstream.ErrCorrupt)
}
