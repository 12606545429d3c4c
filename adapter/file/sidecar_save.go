package file

import (
	"encoding/binary"
	"hash/crc32"
	"os"
)

// head is the version of the last indexed record. It must be called with
// s.mu held.
func (s *stream) head() uint64 { return s.base + uint64(len(s.offs)) }

// due reports whether the offsets in memory past the sidecar are many
// enough for a writer to save it. It must be called with s.mu held.
func (s *stream) due() bool {
	return s.a.opts.IndexEvery > 0 && len(s.offs) >= s.a.opts.IndexEvery
}

// save writes the offsets in memory to the sidecar, entries first, then
// fsyncs it, then writes the header claiming them and fsyncs again, so
// that a header never claims entries that are not durable; then it drops
// those offsets from memory. It extends the sidecar when its header
// covers at least s.base records of this stream, and rewrites it whole
// when s.base is 0. Unless whole says the index holds the whole file
// (caught up under the writer lock), a sidecar that already claims as
// many records is left alone: another process saved it. A failure leaves
// the index as it was: the sidecar is derived data, and a stale or
// damaged one costs a longer scan at the next Open, never a record. It
// must be called with s.wmu (or a stream not yet shared), the writer lock
// and s.mu held.
func (s *stream) save(whole bool) error {
	if len(s.offs) == 0 || s.a.opts.IndexEvery < 0 {
		return nil
	}
	head := s.head()
	f, err := s.openSide(true)
	if err != nil {
		return err
	}
	defer f.Close()
	b := make([]byte, sideHeader)
	n, _ := f.ReadAt(b, 0)
	cur, ok := s.decodeSide(b[:n])
	switch {
	case !whole && ok && cur.n >= head:
		return nil // another process saved as much or more
	case s.base > 0 && (!ok || cur.n < s.base):
		return errSidecar // it lacks entries we do not hold
	}
	lineCRC, err := s.lastLineCRC(head)
	if err != nil {
		return err
	}
	name := s.name + sideSuffix
	buf := make([]byte, 0, 8*min(len(s.offs), sideChunk))
	for i := 0; i < len(s.offs); i += sideChunk {
		buf = buf[:0]
		for _, off := range s.offs[i:min(i+sideChunk, len(s.offs))] {
			buf = binary.LittleEndian.AppendUint64(buf, uint64(off))
		}
		if err := s.a.fs.writeAt(f, name, buf, entryAt(s.base+uint64(i)+1)); err != nil {
			return err
		}
	}
	if err := s.a.fs.sync(f, name); err != nil {
		return err
	}
	if err := s.a.fs.writeAt(f, name, s.encodeSide(sideHead{n: head, e: uint64(s.end), lineCRC: lineCRC}), 0); err != nil {
		return err
	}
	if err := s.a.fs.sync(f, name); err != nil {
		return err
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > entryAt(head+1) {
		_ = s.a.fs.truncate(f, name, entryAt(head+1)) // entries of a longer log, now unclaimed
	}
	s.base, s.offs = head, nil
	return nil
}

// lastLineCRC reads the line of the last indexed record, version head,
// checks it is still in the file as indexed, and returns its CRC32C.
func (s *stream) lastLineCRC(head uint64) (uint32, error) {
	off := s.offs[len(s.offs)-1]
	line := make([]byte, s.end-off)
	if _, err := s.f.ReadAt(line, off); err != nil {
		return 0, err
	}
	n := len(line) - 1
	if line[n] != '\n' {
		return 0, errSidecar
	}
	v, more, e := s.codec.check(line[:n])
	if e != nil || v != head || more != 0 {
		return 0, errSidecar
	}
	return crc32.Checksum(line[:n], castagnoli), nil
}

// whole reports whether the index holds the whole file: no byte after
// the last indexed line. Under the writer lock, it is the file's true head.
func (s *stream) whole() bool {
	fi, err := s.f.Stat()
	return err == nil && fi.Size() == s.end && s.hold < 0
}

// tryWriterLock takes the writer lock if no one holds it and its lock
// file is still the stream's, and reports whether it did. Unlike a writer
// (see lockCurrent), it leaves a stream found erased to its next append.
func (s *stream) tryWriterLock() bool {
	if ok, err := tryLock(s.lockf); err != nil || !ok {
		return false
	}
	held, err := s.lockf.Stat()
	if err == nil {
		var now os.FileInfo
		if now, err = s.a.fs.root.Lstat(s.name + ".lock"); err == nil && os.SameFile(held, now) {
			return true
		}
	}
	s.unlock()
	return false
}

// trySave saves the sidecar if this process has no append in flight on
// the stream and the writer lock is free; force rewrites it even if it
// claims as many records (see save). It must be called with s.mu held,
// and not s.wmu.
func (s *stream) trySave(force bool) {
	if s.busy || s.hold >= 0 || s.poison != nil || s.closed || s.erased.Load() || !s.wmu.TryLock() {
		return
	}
	defer s.wmu.Unlock()
	if s.tryWriterLock() {
		_ = s.save(force || s.whole())
		s.unlock()
	}
}

// openSave saves the sidecar at the end of Open, when it was unusable or
// enough offsets are past it; locked says whether Open holds the writer
// lock, which it otherwise takes only if it is free. It must be called
// with s.mu held.
func (s *stream) openSave(doubt, locked bool) {
	least := s.a.opts.closeMin()
	if least == 0 || len(s.offs) == 0 || (!doubt && len(s.offs) < least) {
		return
	}
	if locked || s.tryWriterLock() {
		_ = s.save(locked || s.whole())
		if !locked {
			s.unlock()
		}
	}
}

// closeSave saves the sidecar when the last handle of the stream closes,
// if enough offsets are past it and the writer lock is free. It must be
// called with s.wmu and s.mu held, before the files close.
func (s *stream) closeSave() {
	least := s.a.opts.closeMin()
	if s.f == nil || s.lockf == nil || s.closed || s.erased.Load() || s.poison != nil || s.hold >= 0 ||
		least == 0 || len(s.offs) < least {
		return
	}
	if s.tryWriterLock() {
		_ = s.save(s.whole())
		s.unlock()
	}
}
