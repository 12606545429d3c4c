package keyset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/sealstream/sealstream"
)

// Get returns the blob stored under name, or an error matching
// [ErrNotFound]. It refuses with [ErrUnsafeFile] a file that is a symlink,
// a FIFO or any other non-regular file, or whose mode gives group or others
// any access; and with [sealstream.ErrCorrupt] a file over [MaxBlobSize],
// before reading it. Opening never follows a symlink nor waits on a FIFO.
func (d *DirStore) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(d.path(name), os.O_RDONLY|openFlags, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("keyset: blob %q: %w", name, ErrNotFound)
	case errors.Is(err, syscall.ELOOP):
		return nil, fmt.Errorf("keyset: blob %q: the key file is a symlink: %w", name, ErrUnsafeFile)
	case err != nil:
		return nil, fmt.Errorf("keyset: blob %q: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("keyset: blob %q: %w", name, err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("keyset: blob %q: the key file is not a regular file (%s): %w", name, fi.Mode().Type(), ErrUnsafeFile)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, fmt.Errorf("keyset: blob %q: the key file has mode %04o, want no group or other access: %w", name, fi.Mode().Perm(), ErrUnsafeFile)
	case fi.Size() > MaxBlobSize:
		return nil, fmt.Errorf("keyset: blob %q: the key file of %d bytes is over the %d limit: %w", name, fi.Size(), MaxBlobSize, sealstream.ErrCorrupt)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxBlobSize+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("keyset: blob %q: %w", name, err)
	case len(b) > MaxBlobSize:
		return nil, fmt.Errorf("keyset: blob %q: the key file grew over the %d limit while read: %w", name, MaxBlobSize, sealstream.ErrCorrupt)
	}
	return b, nil
}

// has reports whether a file holds name, without opening it.
func (d *DirStore) has(ctx context.Context, name string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	_, err := os.Lstat(d.path(name))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("keyset: blob %q: %w", name, err)
	}
	return true, nil
}
