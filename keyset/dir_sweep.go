package keyset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// TempGracePeriod is how old, by modification time, a temporary file of a
// [DirStore] must be before [OpenDir] removes it. A write creates its
// temporary file, writes and syncs it, and renames it into place within
// moments, so an older one is the leftover of a write killed in between,
// not a write still in progress in another process. A write whose sync
// took longer than this may lose its temporary file to an OpenDir in
// another process: it then fails, and nothing of it is stored.
const TempGracePeriod = time.Minute

// tempPrefix starts the name of every temporary file of a DirStore.
const tempPrefix = ".tmp-"

// Sweep removes the temporary files of name, ".tmp-<file>-<random>", that
// writes killed before their rename left behind (each may hold a whole
// earlier blob of name), and syncs the directory. Temporary files of the
// earlier naming, ".tmp-<random>", which do not tell their blob, are
// removed too once older than [TempGracePeriod]. The blob stored under name
// is untouched; a write of name in progress at the same time, in this
// process or another, loses its temporary file and fails.
func (d *DirStore) Sweep(ctx context.Context, name string) error {
	return d.sweepNames(ctx, []string{name})
}

// sweepNames is Sweep for every name of names, in one pass over the
// directory.
func (d *DirStore) sweepNames(ctx context.Context, names []string) error {
	own := make([]string, len(names))
	for i, name := range names {
		own[i] = tempPrefix + filepath.Base(d.path(name)) + "-"
	}
	_, err := d.sweep(ctx, func(file string, age time.Duration) bool {
		return slices.ContainsFunc(own, func(p string) bool { return strings.HasPrefix(file, p) }) ||
			legacyTemp(file) && age > TempGracePeriod
	})
	if err == nil {
		err = d.syncDir("temporary files")
	}
	if err != nil {
		what := fmt.Sprintf("%q", names[0])
		if len(names) > 1 {
			what = fmt.Sprintf("%d blobs", len(names))
		}
		return fmt.Errorf("keyset: sweep temporary files of %s: %w", what, err)
	}
	return nil
}

// sweepStale removes every temporary file older than TempGracePeriod,
// whatever its naming, and syncs the directory if it removed any.
func (d *DirStore) sweepStale() error {
	removed, err := d.sweep(context.Background(), func(_ string, age time.Duration) bool {
		return age > TempGracePeriod
	})
	if err == nil && removed > 0 {
		err = d.syncDir("temporary files")
	}
	if err != nil {
		return fmt.Errorf("keyset: key directory %s: remove leftover temporary files: %w", d.dir, err)
	}
	return nil
}

// legacyTemp reports whether file is a temporary file named before
// temporary files carried their target's name: ".tmp-" and digits only.
func legacyTemp(file string) bool {
	rest, ok := strings.CutPrefix(file, tempPrefix)
	return ok && !strings.Contains(rest, "-")
}

// sweep removes the temporary files of the directory for which match,
// given the file's name and age by modification time, returns true. A file
// gone meanwhile (renamed into place, or swept by another process) is no
// error. It returns how many files it removed.
func (d *DirStore) sweep(ctx context.Context, match func(file string, age time.Duration) bool) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return 0, err
	}
	now := time.Now()
	removed := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) || e.IsDir() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, err
		}
		if !match(e.Name(), now.Sub(fi.ModTime())) {
			continue
		}
		err = os.Remove(filepath.Join(d.dir, e.Name()))
		switch {
		case err == nil:
			removed++
		case !errors.Is(err, fs.ErrNotExist):
			return removed, err
		}
	}
	return removed, nil
}
