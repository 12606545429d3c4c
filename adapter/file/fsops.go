package file

import (
	"os"
	"runtime"
)

// fsys performs the file operations that change a directory, through the
// Options.Fault seam.
type fsys struct {
	root  *os.Root
	dir   string // absolute path of the root
	fault func(op Op, name string, n int) (int, error)
}

func (fs *fsys) hook(op Op, name string, n int) (int, error) {
	if fs.fault == nil {
		return 0, nil
	}
	return fs.fault(op, name, n)
}

// writeAt writes b at off, or at the end of a file opened with O_APPEND
// if off < 0.
func (fs *fsys) writeAt(f *os.File, name string, b []byte, off int64) error {
	if keep, err := fs.hook(OpWrite, name, len(b)); err != nil {
		if keep = min(keep, len(b)); keep > 0 {
			_ = fs.rawWrite(f, b[:keep], off)
		}
		return err
	}
	return fs.rawWrite(f, b, off)
}

func (fs *fsys) rawWrite(f *os.File, b []byte, off int64) error {
	var err error
	if off < 0 {
		_, err = f.Write(b)
	} else {
		_, err = f.WriteAt(b, off)
	}
	return err
}

func (fs *fsys) sync(f *os.File, name string) error {
	if _, err := fs.hook(OpSync, name, 0); err != nil {
		return err
	}
	return f.Sync()
}

func (fs *fsys) truncate(f *os.File, name string, size int64) error {
	if _, err := fs.hook(OpTruncate, name, int(min(size, 1<<31-1))); err != nil {
		return err
	}
	return f.Truncate(size)
}

func (fs *fsys) rename(from, to string) error {
	if _, err := fs.hook(OpRename, to, 0); err != nil {
		return err
	}
	return fs.root.Rename(from, to)
}

func (fs *fsys) remove(name string) error {
	if _, err := fs.hook(OpRemove, name, 0); err != nil {
		return err
	}
	return fs.root.Remove(name)
}

// syncDir makes the directory's entries durable (file creations and
// renames). Windows cannot fsync a directory; there it is a no-op.
func (fs *fsys) syncDir() error { return fs.syncDirs(".") }

// syncDirs makes the entries of the directories names, inside the root,
// durable, in turn. Options.Fault sees it as one fsync, of the first.
func (fs *fsys) syncDirs(names ...string) error {
	if _, err := fs.hook(OpSyncDir, names[0], 0); err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		return nil
	}
	for _, name := range names {
		d, err := fs.root.Open(name)
		if err != nil {
			return err
		}
		err = d.Sync()
		if cerr := d.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
