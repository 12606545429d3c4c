package file

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/idtable"
)

// errErased is why a writer that took the writer lock refuses to go on:
// the lock file it holds is no longer the stream's, Erase removed it.
var errErased = errors.New("erased meanwhile (its lock file was removed or replaced)")

// Erase removes the stream file of streamID, its lock file, its ".broken"
// file, its sidecars and any temporary file, for good. Handles of the
// stream open in this adapter are closed first, after an append in flight
// on them ends: later calls on them return [sealstream.ErrClosed], and a
// failed batch they held is dropped with the file rather than cut. The files are
// removed under the writer lock, the lock file last, and the directory is
// then fsynced. Erasing a stream without files is no error. Erase may
// wait for the writer lock, as long as ctx lets it.
//
// Another adapter or process with the stream open keeps reading what its
// open file held until it opens the stream again; its next append finds
// the lock file gone and fails with an error matching ErrClosed.
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	name, err := fileName(streamID)
	if err != nil {
		return err
	}
	if a.closed.Load() {
		return fmt.Errorf("file: erase stream %q: %w", streamID, sealstream.ErrClosed)
	}
	for _, s := range a.takeStates(streamID) {
		s.erased.Store(true)
		s.mu.Lock()
		s.hold = -1 // a held failed batch goes with the file
		s.mu.Unlock()
		s.signal.Notify()
		_ = s.closeFiles() // waits for an append in flight; the files go anyway
	}
	if err := a.removeFiles(ctx, streamID, name); err != nil {
		return fmt.Errorf("file: erase stream %q: %w", streamID, err)
	}
	return nil
}

// takeStates detaches every state of streamID from the adapter: the
// current one, a held one and detached ones with handles still open.
func (a *Adapter) takeStates(streamID string) []*stream {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*stream
	for _, s := range []*stream{a.streams[streamID], a.held[streamID]} {
		if s != nil && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for s := range a.open {
		if s.id == streamID && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, s := range out {
		a.forget(s)
		delete(a.open, s)
	}
	delete(a.held, streamID)
	return out
}

// removeFiles removes the files of the stream under its writer lock,
// taking the lock file that is current when the lock is granted.
func (a *Adapter) removeFiles(ctx context.Context, streamID, name string) error {
	files := []string{name, name + ".broken", name + ".tmp"}
	for _, suffix := range sidecarSuffixes {
		files = append(files, name+suffix)
	}
	files = append(files, name+".lock")
	if !a.anyExists(files) {
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		lf, err := a.fs.root.OpenFile(name+".lock", os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return closedIf("open lock file", err)
		}
		s := &stream{a: a, id: streamID, name: name, lockf: lf, closing: a.done}
		err = s.lock(ctx)
		if err == nil {
			var blanked bool
			if blanked, err = a.scrubFeed(ctx, streamID); err == nil {
				err = a.removeLocked(files)
			}
			s.unlock()
			if err != nil && blanked {
				a.feedBroken() // the stream stays: a reconcile feeds its changes again
			}
		}
		_ = lf.Close()
		if !errors.Is(err, errErased) {
			return err
		}
	}
}

// removeLocked removes files in order, the lock file last, and fsyncs the
// directory. A file already missing is no error.
func (a *Adapter) removeLocked(files []string) error {
	for _, f := range files {
		if strings.HasSuffix(f, idsSuffix) {
			idtable.Retire(a.fs.root, f) // processes that mapped it let it go
		}
		if err := a.fs.remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return closedIf("remove "+f, err)
		}
	}
	if err := a.fs.syncDir(); err != nil {
		return closedIf("fsync directory after removing the files", err)
	}
	return nil
}

// anyExists reports whether any of files is in the directory (or cannot
// be told apart from one that is).
func (a *Adapter) anyExists(files []string) bool {
	for _, f := range files {
		if _, err := a.fs.root.Lstat(f); !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// lockCurrent checks, once the writer lock is granted, that the lock file
// s holds is still the stream's: Erase removes it, under the lock, with
// the stream file. A writer holding the lock of a removed lock file would
// write to a removed stream file, or beside a writer holding the new one.
func (s *stream) lockCurrent() error {
	held, err := s.lockf.Stat()
	if err != nil {
		return s.ioErr("stat lock file", err)
	}
	now, err := s.a.fs.root.Lstat(s.name + ".lock")
	switch {
	case err == nil && os.SameFile(held, now):
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return s.ioErr("stat lock file", err)
	}
	s.erased.Store(true)
	return fmt.Errorf("file: stream %q: %w; reopen it: %w", s.id, errErased, sealstream.ErrClosed)
}

func closedIf(op string, err error) error {
	if errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("%s: %w", op, sealstream.ErrClosed)
	}
	return fmt.Errorf("%s: %w", op, err)
}
