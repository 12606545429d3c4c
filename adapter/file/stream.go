package file

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// stream is the state of one stream file shared by the handles an
// adapter opened on it: the file, its lock file, the index of line
// offsets and the change signal.
type stream struct {
	a      *Adapter
	id     string
	name   string // file name inside the directory
	path   string // absolute path
	codec  *LineCodec
	f      *os.File
	lockf  *os.File
	signal adapter.Signal
	ids    ids // the event-ID table

	wmu       sync.Mutex    // serializes this process's appends (and closing) of the stream
	closing   chan struct{} // closed when closing starts: wakes a wait for the lock
	closeOnce sync.Once
	erased    atomic.Bool // the stream's files were removed: its handles are closed

	mu         sync.RWMutex
	base       uint64       // records indexed in the sidecar only (see sidecar.go); 0 if none
	offs       []int64      // offs[i] is the offset of the line of version base+i+1
	body       int64        // offset of the first record line, just past the header line
	rebuilds   uint64       // whole-file reindexings after the sidecar proved wrong
	end        int64        // offset just past the last indexed line
	last       codec.Record // record of the last indexed line
	busy       bool         // this process is writing a batch under the lock
	pending    int64        // file size at which a reader last saw a torn tail
	pendingMod time.Time    // and its modification time
	poison     error        // first failed write or fsync
	hold       int64        // end of the acknowledged batches while a failed one is held; else -1
	closed     bool         // files closed; set with wmu and mu held

	refs int   // open handles; guarded by a.mu
	seen int64 // last size seen by the watcher; used by it alone
}

// openStream opens and indexes the file of streamID, creating it if it is
// missing and create is set. A torn tail is cut under the writer lock and
// reported.
func (a *Adapter) openStream(ctx context.Context, streamID string, create bool) (*stream, []Recovery, error) {
	name, err := fileName(streamID)
	if err != nil {
		return nil, nil, err
	}
	for tries := 1; ; tries++ {
		s := &stream{a: a, id: streamID, name: name, path: filepath.Join(a.fs.dir, name),
			codec: NewLineCodec(streamID, a.opts.MaxLineSize), pending: -1, seen: -1, hold: -1,
			closing: make(chan struct{})}
		rec, err := s.open(ctx, create)
		if err == nil {
			return s, rec, nil
		}
		_ = s.closeFiles()
		// An Erase removed the lock file between its open and its lock:
		// start again on the current one.
		if !errors.Is(err, errErased) || tries == 3 {
			return nil, nil, err
		}
	}
}

func (s *stream) open(ctx context.Context, create bool) ([]Recovery, error) {
	if err := s.openLock(create); err != nil {
		return nil, err
	}
	if err := s.openFile(ctx, create); err != nil {
		return nil, err
	}
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	doubt, err := s.loadSidecar()
	if err != nil {
		return nil, err
	}
	t, err := s.indexSize(ctx)
	if err != nil || t == nil {
		if err == nil {
			s.openSave(doubt, false)
		}
		return nil, err
	}
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.unlock()
	var recs []Recovery
	if t, err = s.indexSize(ctx); err == nil && t != nil {
		var r Recovery
		r, err = s.cut(t)
		recs = []Recovery{r}
	}
	if err != nil {
		return nil, err
	}
	s.openSave(doubt, true)
	return recs, nil
}

// indexSize indexes the file up to its current size.
func (s *stream) indexSize(ctx context.Context) (*torn, error) {
	fi, err := s.f.Stat()
	if err != nil {
		return nil, s.ioErr("stat", err)
	}
	if fi.Size() < s.end {
		return nil, s.corrupt(s.head(), fi.Size(), "file shorter than its indexed records")
	}
	return s.index(ctx, fi.Size())
}

// catchUp indexes lines other processes appended since the last look.
// Without the writer lock, a torn tail is taken for a write in progress.
// A stream holding a failed batch reads no further than the batches
// before it. It gives up with ctx's error if ctx ends while it indexes.
func (s *stream) catchUp(ctx context.Context) error {
	fi, err := s.f.Stat()
	if err != nil {
		return s.ioErr("stat", err)
	}
	size, mod := fi.Size(), fi.ModTime()
	s.mu.RLock()
	skip := s.skip(size, mod)
	s.mu.RUnlock()
	if skip {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Stat again: an append of this process may have ended meanwhile.
	if fi, err = s.f.Stat(); err != nil {
		return s.ioErr("stat", err)
	}
	size, mod = fi.Size(), fi.ModTime()
	if s.skip(size, mod) {
		return nil
	}
	if size < s.end {
		return s.corrupt(s.head(), size, "file shorter than its indexed records")
	}
	t, err := s.index(ctx, size)
	if t != nil {
		s.pending, s.pendingMod = size, mod
	}
	if err == nil && s.due() {
		s.trySave(false)
	}
	return err
}

// skip reports whether catchUp has nothing to do for a file of this size
// and modification time. It must be called with s.mu held.
func (s *stream) skip(size int64, mod time.Time) bool {
	return s.busy || s.hold >= 0 || size == s.end || (size == s.pending && mod.Equal(s.pendingMod))
}

// behind reports whether the file holds bytes not yet indexed: the
// watcher's filter for its own process's appends.
func (s *stream) behind() bool {
	fi, err := s.f.Stat()
	if err != nil {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fi.Size() != s.end
}

func (s *stream) corrupt(version uint64, off int64, why string) error {
	return fmt.Errorf("file: stream %q: record %d at offset %d of %s: %s: %w",
		s.id, version, off, s.name, why, sealstream.ErrCorrupt)
}

func (s *stream) ioErr(op string, err error) error {
	if errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("file: stream %q: %s: %w", s.id, op, sealstream.ErrClosed)
	}
	return fmt.Errorf("file: stream %q: %s: %w", s.id, op, err)
}
