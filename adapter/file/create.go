package file

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// openLock opens the stream's lock file, creating it if it is missing,
// unless create is unset and the stream file is missing too: then it fails
// with an error matching [fs.ErrNotExist], leaving nothing behind.
func (s *stream) openLock(create bool) error {
	if !create {
		if _, err := s.a.fs.root.Lstat(s.name); err != nil {
			return s.ioErr("stat", err)
		}
	}
	var err error
	if s.lockf, err = s.a.fs.root.OpenFile(s.name+".lock", os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return s.ioErr("open lock file", err)
	}
	return nil
}

// openFile opens the stream file, first creating it under the writer
// lock if it is missing (or empty) and create is set, else failing with an
// error matching [fs.ErrNotExist]. Errors of the file system, running out
// of descriptors (EMFILE) included, are wrapped, as by every open of the
// adapter.
func (s *stream) openFile(ctx context.Context, create bool) error {
	root := s.a.fs.root
	fi, err := root.Lstat(s.name)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode().IsRegular() && fi.Size() == 0) {
		if !create {
			return s.ioErr("open", fs.ErrNotExist)
		}
		if err := s.create(ctx); err != nil {
			return err
		}
	} else if err != nil {
		return s.ioErr("stat", err)
	} else if !fi.Mode().IsRegular() {
		return s.corrupt(0, 0, "not a regular file")
	}
	if s.f, err = root.OpenFile(s.name, os.O_RDWR, 0); err != nil {
		return s.ioErr("open", err)
	}
	if fi, err = s.f.Stat(); err != nil {
		return s.ioErr("stat", err)
	}
	if !fi.Mode().IsRegular() {
		return s.corrupt(0, 0, "not a regular file")
	}
	return nil
}

// create writes the header to "<file>.tmp", fsyncs it and renames it into
// place, then fsyncs the directory, all under the writer lock.
func (s *stream) create(ctx context.Context) error {
	header, err := appendHeader(nil, s.id)
	if err != nil {
		return err
	}
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	fsys := &s.a.fs
	if fi, err := fsys.root.Lstat(s.name); err == nil && fi.Size() > 0 {
		return nil // another process created it meanwhile
	}
	tmp := s.name + ".tmp" // left over only by a crash, under this same lock
	if err := fsys.root.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s.ioErr("remove stale "+tmp, err)
	}
	f, err := fsys.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return s.ioErr("create", err)
	}
	err = fsys.writeAt(f, tmp, header, 0)
	if err == nil {
		err = fsys.sync(f, tmp)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fsys.rename(tmp, s.name)
	}
	if err != nil {
		_ = fsys.root.Remove(tmp)
		return s.ioErr("create", err)
	}
	if err := fsys.syncDir(); err != nil {
		return s.ioErr("fsync directory after creating", err)
	}
	return nil
}

// readHeader checks the first line names this stream and sets s.end after it.
func (s *stream) readHeader() error {
	buf := make([]byte, maxHeader+1)
	n, err := s.f.ReadAt(buf, 0)
	if n == 0 && err != nil {
		return s.ioErr("read header", err)
	}
	i := bytes.IndexByte(buf[:n], '\n')
	if i < 0 {
		return s.corrupt(0, 0, "header line incomplete or too long")
	}
	id, e := parseHeader(buf[:i])
	switch {
	case e != nil:
		return s.corrupt(0, 0, fmt.Sprintf("bad header: %s at byte %d", e.what, e.at))
	case id != s.id:
		return s.corrupt(0, 0, fmt.Sprintf("header names stream %q", id))
	}
	s.body = int64(i) + 1
	s.end = s.body
	return nil
}
