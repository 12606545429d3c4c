package keyset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sealstream/sealstream"
)

// ErrUnsafeFile is returned when a key file or directory could be read or
// replaced by others: a file with group or other permission bits, a
// group- or world-writable directory, a symlink, a FIFO or any other
// non-regular file.
var ErrUnsafeFile = errors.New("keyset: unsafe key file")

// DirStore is a [BlobStore] keeping each blob in a file of one directory.
// The directory is private (0700 when created) and each file is 0600,
// named by the hex SHA-256 of the blob's name, so no name can reach outside
// the directory. Writes are atomic: a temporary file in the same directory
// is written, synced and renamed over the old file, and the directory is
// synced. A temporary file is named ".tmp-<file>-<random>", <file> being
// the name of the file it will replace, so the copies a crashed write left
// behind can be found and removed: [DirStore.Sweep] removes those of one
// blob, and [OpenDir] those older than [TempGracePeriod]. Get refuses
// anything but a private regular file no larger than [MaxBlobSize]. It is
// safe for concurrent use, by several processes too.
type DirStore struct {
	dir string
}

// OpenDir returns the DirStore of directory dir, creating it (and its
// parents) with mode 0700 if missing. An existing dir that is a symlink,
// not a directory, or writable by group or others is refused with
// [ErrUnsafeFile]. Temporary files that writes killed before their rename
// left in the directory are removed once older than [TempGracePeriod]
// (see [DirStore.Sweep]).
func OpenDir(dir string) (*DirStore, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("keyset: key directory: %w", err)
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(abs, 0o700); err == nil {
			fi, err = os.Lstat(abs)
		}
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("keyset: key directory: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("keyset: key directory %s is a symlink: %w", abs, ErrUnsafeFile)
	case !fi.IsDir():
		return nil, fmt.Errorf("keyset: key directory %s is not a directory: %w", abs, ErrUnsafeFile)
	case fi.Mode().Perm()&0o022 != 0:
		return nil, fmt.Errorf("keyset: key directory %s has mode %04o, writable by others: %w", abs, fi.Mode().Perm(), ErrUnsafeFile)
	}
	d := &DirStore{dir: abs}
	if err := d.sweepStale(); err != nil {
		return nil, err
	}
	return d, nil
}

// path returns the file of name: hex SHA-256, so any name maps to 64 safe
// characters inside the directory.
func (d *DirStore) path(name string) string {
	sum := sha256.Sum256([]byte(name))
	return filepath.Join(d.dir, hex.EncodeToString(sum[:]))
}

// Put stores blob under name atomically, replacing any earlier blob. A blob
// over [MaxBlobSize] is refused with [sealstream.ErrTooLarge].
func (d *DirStore) Put(ctx context.Context, name string, blob []byte) error {
	tmp, err := d.writeTemp(ctx, name, blob)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, d.path(name)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("keyset: put %q: %w", name, err)
	}
	return d.syncDir(name)
}

// Create stores blob under name only if no blob has that name yet; else it
// returns an error matching [fs.ErrExist] and leaves the stored blob as it
// was. Of several processes creating the same name at once, one wins.
func (d *DirStore) Create(ctx context.Context, name string, blob []byte) error {
	tmp, err := d.writeTemp(ctx, name, blob)
	if err != nil {
		return err
	}
	err = os.Link(tmp, d.path(name))
	_ = os.Remove(tmp)
	if err != nil {
		return fmt.Errorf("keyset: create %q: %w", name, err)
	}
	return d.syncDir(name)
}

// Delete removes the file of name and syncs the directory; a missing name
// is no error. The bytes may survive on the disk until overwritten.
func (d *DirStore) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(d.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("keyset: delete %q: %w", name, err)
	}
	return d.syncDir(name)
}

// writeTemp writes blob to a new synced 0600 file in the directory and
// returns its path.
func (d *DirStore) writeTemp(ctx context.Context, name string, blob []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if len(blob) > MaxBlobSize {
		return "", fmt.Errorf("keyset: put %q: blob of %d bytes is over the %d limit: %w", name, len(blob), MaxBlobSize, sealstream.ErrTooLarge)
	}
	f, err := os.CreateTemp(d.dir, tempPrefix+filepath.Base(d.path(name))+"-*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("keyset: put %q: %w", name, err)
	}
	_, err = f.Write(blob)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("keyset: put %q: %w", name, err)
	}
	return f.Name(), nil
}

// syncDir makes a rename, link or removal in the directory durable.
func (d *DirStore) syncDir(name string) error {
	f, err := os.Open(d.dir)
	if err == nil {
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("keyset: sync key directory after %q: %w", name, err)
	}
	return nil
}
