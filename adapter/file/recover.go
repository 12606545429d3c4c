package file

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// cut removes the torn tail t from the stream file: it appends the cut
// bytes to "<file>.broken" and fsyncs it (and the directory if that file
// is new), then truncates the stream file to the last good line and fsyncs
// it. The bytes cut are at most one line long (see index), so the copy is
// bounded. cut must be called with the writer lock and s.mu held: nobody
// else can be writing the line being cut.
func (s *stream) cut(t *torn) (Recovery, error) {
	fsys := &s.a.fs
	tail := make([]byte, t.size-t.off)
	if _, err := s.f.ReadAt(tail, t.off); err != nil {
		return Recovery{}, s.ioErr("read torn tail", err)
	}
	broken := s.name + ".broken"
	_, statErr := fsys.root.Lstat(broken)
	bf, err := fsys.root.OpenFile(broken, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return Recovery{}, s.ioErr("open "+broken, err)
	}
	err = fsys.writeAt(bf, broken, tail, -1)
	if err == nil {
		err = fsys.sync(bf, broken)
	}
	if cerr := bf.Close(); err == nil {
		err = cerr
	}
	if err == nil && errors.Is(statErr, fs.ErrNotExist) {
		err = fsys.syncDir()
	}
	if err != nil {
		return Recovery{}, s.ioErr("keep torn tail in "+broken, err)
	}
	if err := fsys.truncate(s.f, s.name, t.off); err != nil {
		return Recovery{}, s.ioErr("truncate torn tail", err)
	}
	if err := fsys.sync(s.f, s.name); err != nil {
		return Recovery{}, s.ioErr("fsync after truncating torn tail", err)
	}
	s.pending = -1
	return Recovery{
		Stream: s.id,
		File:   s.path,
		Offset: t.off,
		Bytes:  t.size - t.off,
		Broken: filepath.Join(fsys.dir, broken),
		Reason: t.reason,
	}, nil
}
