//go:build unix

package keyset_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func openDir(t *testing.T) (*sskeyset.DirStore, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	d, err := sskeyset.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d, dir
}

func TestDirStoreRoundTrip(t *testing.T) {
	d, dir := openDir(t)
	ctx := t.Context()
	if _, err := d.Get(ctx, "stream/s"); !errors.Is(err, sskeyset.ErrNotFound) {
		t.Fatalf("Get of a missing name: err = %v, want ErrNotFound", err)
	}
	if err := d.Put(ctx, "stream/s", []byte("blob")); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(ctx, "stream/s"); err != nil || string(got) != "blob" {
		t.Fatalf("Get = %q, %v; want \"blob\"", got, err)
	}
	if err := d.Delete(ctx, "stream/s"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, "stream/s"); !errors.Is(err, sskeyset.ErrNotFound) {
		t.Fatalf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "stream/s"); err != nil {
		t.Fatalf("Delete of a missing name: %v", err)
	}
	if files := dirFiles(t, dir); len(files) != 0 {
		t.Errorf("directory holds %v after Delete, want nothing", files)
	}
}

func TestDirStoreModes(t *testing.T) {
	d, dir := openDir(t)
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("directory mode %04o, want 0700", got)
	}
	fi, err = os.Stat(fileOf(t, d, dir, "stream/s", []byte("blob")))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("file mode %04o, want 0600", got)
	}
}

func TestOpenDirRefusesUnsafeDirectories(t *testing.T) {
	parent := t.TempDir()
	open := filepath.Join(parent, "open")
	if err := os.Mkdir(open, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	group := filepath.Join(parent, "group")
	if err := os.Mkdir(group, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(group, 0o770); err != nil {
		t.Fatal(err)
	}
	private := filepath.Join(parent, "private")
	if err := os.Mkdir(private, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "link")
	if err := os.Symlink(private, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(parent, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{open, group, link, file} {
		if _, err := sskeyset.OpenDir(dir); !errors.Is(err, sskeyset.ErrUnsafeFile) {
			t.Errorf("OpenDir(%s): err = %v, want ErrUnsafeFile", filepath.Base(dir), err)
		}
	}
	if _, err := sskeyset.OpenDir(private); err != nil {
		t.Errorf("OpenDir of a private directory: %v", err)
	}
}

func TestDirStoreHostileNamesStayInside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "keys")
	d, err := sskeyset.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	passwd, _ := os.ReadFile("/etc/passwd")
	names := []string{
		"../x", "../../x", "..", ".", "", "/etc/passwd", filepath.Join(parent, "abs"),
		"a/b", "a\\b", "a\x00b", "\x00", strings.Repeat("n", 300), "stream/../../x", ".tmp-x",
	}
	for i, name := range names {
		if err := d.Put(t.Context(), name, fmt.Appendf(nil, "blob %d", i)); err != nil {
			t.Fatalf("Put(%q): %v", name, err)
		}
	}
	for i, name := range names {
		got, err := d.Get(t.Context(), name)
		if want := fmt.Sprintf("blob %d", i); err != nil || string(got) != want {
			t.Errorf("Get(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if got := dirFiles(t, parent); len(got) != 1 || got[0] != "keys" {
		t.Errorf("parent holds %v, want only keys", got)
	}
	files := dirFiles(t, dir)
	if len(files) != len(names) {
		t.Errorf("directory holds %d files, want %d", len(files), len(names))
	}
	for _, f := range files {
		fi, err := os.Lstat(filepath.Join(dir, f))
		if err != nil || !fi.Mode().IsRegular() || len(f) != 64 || strings.Trim(f, "0123456789abcdef") != "" {
			t.Errorf("unexpected entry %q in the directory", f)
		}
	}
	if now, _ := os.ReadFile("/etc/passwd"); !bytes.Equal(now, passwd) {
		t.Error("/etc/passwd changed")
	}
}
