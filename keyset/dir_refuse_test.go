//go:build unix

package keyset_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func TestDirStoreRefusesUnsafeFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, path string) // replaces the key file at path
		want error
	}{
		{"mode 0644", chmod(0o644), sskeyset.ErrUnsafeFile},
		{"mode 0640", chmod(0o640), sskeyset.ErrUnsafeFile},
		{"mode 0604", chmod(0o604), sskeyset.ErrUnsafeFile},
		{"symlink", func(t *testing.T, path string) {
			target := filepath.Join(t.TempDir(), "target")
			if err := os.WriteFile(target, []byte("blob"), 0o600); err != nil {
				t.Fatal(err)
			}
			replace(t, path, func() error { return os.Symlink(target, path) })
		}, sskeyset.ErrUnsafeFile},
		{"FIFO", func(t *testing.T, path string) {
			replace(t, path, func() error { return syscall.Mkfifo(path, 0o600) })
		}, sskeyset.ErrUnsafeFile},
		{"directory", func(t *testing.T, path string) {
			replace(t, path, func() error { return os.Mkdir(path, 0o700) })
		}, sskeyset.ErrUnsafeFile},
		{"over 1 MiB", func(t *testing.T, path string) {
			if err := os.WriteFile(path, make([]byte, sskeyset.MaxBlobSize+1), 0o600); err != nil {
				t.Fatal(err)
			}
		}, sealstream.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, dir := openDir(t)
			tc.make(t, fileOf(t, d, dir, "stream/s", []byte("blob")))
			if got, err := d.Get(t.Context(), "stream/s"); !errors.Is(err, tc.want) {
				t.Errorf("Get = %d bytes, %v; want %v", len(got), err, tc.want)
			}
		})
	}
}

func TestDirStoreReadsUpToTheLimit(t *testing.T) {
	d, dir := openDir(t)
	path := fileOf(t, d, dir, "stream/s", []byte("blob"))
	if err := os.WriteFile(path, make([]byte, sskeyset.MaxBlobSize), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Get(t.Context(), "stream/s"); err != nil || len(got) != sskeyset.MaxBlobSize {
		t.Errorf("Get = %d bytes, %v; want %d bytes", len(got), err, sskeyset.MaxBlobSize)
	}
	err := d.Put(t.Context(), "stream/big", make([]byte, sskeyset.MaxBlobSize+1))
	if !errors.Is(err, sealstream.ErrTooLarge) {
		t.Errorf("Put over the limit: err = %v, want ErrTooLarge", err)
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("directory holds %v after a refused Put, want one file", files)
	}
}

func chmod(mode fs.FileMode) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
}

// replace removes the file at path and runs mk to put something else there.
func replace(t *testing.T, path string, mk func() error) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := mk(); err != nil {
		t.Fatal(err)
	}
}
