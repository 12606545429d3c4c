package file

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// cut removes the torn tail t from the stream file: it appends the cut
// bytes to "<file>.broken", 64 KiB at a time, and fsyncs it (and the
// directory if that file is new), then truncates the stream file to the
// end of the last complete batch and fsyncs it. cut must be called with
// the writer lock and s.mu held: nobody else can be writing the batch
// being cut.
func (s *stream) cut(t *torn) (Recovery, error) {
	fsys := &s.a.fs
	broken := s.name + ".broken"
	_, statErr := fsys.root.Lstat(broken)
	bf, err := fsys.root.OpenFile(broken, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return Recovery{}, s.ioErr("open "+broken, err)
	}
	err = s.copyTail(bf, broken, t)
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

// copyTail appends the bytes of t to bf, holding at most 64 KiB of them.
func (s *stream) copyTail(bf *os.File, name string, t *torn) error {
	buf := make([]byte, min(t.size-t.off, 64<<10))
	for off := t.off; off < t.size; {
		n := int(min(int64(len(buf)), t.size-off))
		if _, err := s.f.ReadAt(buf[:n], off); err != nil {
			return fmt.Errorf("read torn tail at offset %d: %w", off, err)
		}
		if err := s.a.fs.writeAt(bf, name, buf[:n], -1); err != nil {
			return err
		}
		off += int64(n)
	}
	return nil
}
