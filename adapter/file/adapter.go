package file

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/fsnotify/fsnotify"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// Adapter keeps one JSONL file per stream in a directory. It is safe for
// concurrent use, and several adapters, in one process or many, may share
// a directory.
type Adapter struct {
	fs        fsys
	opts      Options
	recovered atomic.Uint64
	closed    atomic.Bool

	mu      sync.Mutex
	streams map[string]*stream   // current state of each stream ID
	byName  map[string]*stream   // the same, by file name, for the watcher
	open    map[*stream]struct{} // every state with open handles

	fsw  *fsnotify.Watcher
	done chan struct{}
	wg   sync.WaitGroup
}

var _ adapter.Adapter = (*Adapter)(nil)

// Open returns an adapter keeping its streams in dir, which it creates
// (mode 0700) if missing. A nil opts means the defaults. Close the adapter
// to stop its watcher goroutine.
func Open(ctx context.Context, dir string, opts *Options) (*Adapter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := opts.withDefaults()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("file: open %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("file: open: %w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("file: open: %w", err)
	}
	a := &Adapter{
		fs:      fsys{root: root, dir: abs, fault: o.Fault},
		opts:    o,
		streams: map[string]*stream{},
		byName:  map[string]*stream{},
		open:    map[*stream]struct{}{},
		done:    make(chan struct{}),
	}
	a.startWatch()
	return a, nil
}

// Open returns a log on the stream streamID, creating its file if needed
// and recovering it: a torn final line is cut (see the package doc), and
// any other damage gives an error matching [sealstream.ErrCorrupt]. Open
// may wait for the writer lock of the stream while it creates or repairs
// the file. Handles of one stream share their state.
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.closed.Load() {
		a.mu.Unlock()
		return nil, fmt.Errorf("file: open stream %q: %w", streamID, sealstream.ErrClosed)
	}
	if s := a.streams[streamID]; s != nil {
		s.refs++
		a.mu.Unlock()
		return &log{s: s}, nil
	}
	a.mu.Unlock()
	s, recs, err := a.openStream(ctx, streamID)
	a.report(recs)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed.Load() {
		s.closeFiles()
		return nil, fmt.Errorf("file: open stream %q: %w", streamID, sealstream.ErrClosed)
	}
	if cur := a.streams[streamID]; cur != nil {
		s.closeFiles()
		cur.refs++
		return &log{s: cur}, nil
	}
	s.refs = 1
	a.streams[streamID], a.byName[s.name], a.open[s] = s, s, struct{}{}
	return &log{s: s}, nil
}

// Recovered returns how many torn tails the adapter has cut so far.
func (a *Adapter) Recovered() uint64 { return a.recovered.Load() }

// Close stops the watcher and closes every file; handles opened from the
// adapter then return errors matching [sealstream.ErrClosed].
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed.Swap(true) {
		a.mu.Unlock()
		return nil
	}
	open := a.open
	a.streams, a.byName, a.open = map[string]*stream{}, map[string]*stream{}, map[*stream]struct{}{}
	a.mu.Unlock()
	close(a.done)
	a.wg.Wait()
	var err error
	if a.fsw != nil {
		err = a.fsw.Close()
	}
	for s := range open {
		s.closeFiles()
		s.signal.Notify()
	}
	if cerr := a.fs.root.Close(); err == nil {
		err = cerr
	}
	return err
}

func (a *Adapter) report(recs []Recovery) {
	for _, r := range recs {
		a.recovered.Add(1)
		if a.opts.OnRecover != nil {
			a.opts.OnRecover(r)
		}
	}
}

// release drops one handle of s, closing its files with the last one.
func (a *Adapter) release(s *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s.refs--; s.refs > 0 {
		return
	}
	a.forget(s)
	if _, ok := a.open[s]; ok {
		delete(a.open, s)
		s.closeFiles()
	}
}

// detach makes the next Open of s's stream start afresh, after s was
// poisoned. Handles already open keep s.
func (a *Adapter) detach(s *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.forget(s)
}

func (a *Adapter) forget(s *stream) {
	if a.streams[s.id] == s {
		delete(a.streams, s.id)
		delete(a.byName, s.name)
	}
}
