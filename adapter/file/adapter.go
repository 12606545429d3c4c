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
	held    map[string]*stream   // states holding a failed batch, by stream ID

	feed feed

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
		held:    map[string]*stream{},
		done:    make(chan struct{}),
	}
	if err := a.openFeed(); err != nil {
		_ = root.Close()
		return nil, err
	}
	a.startWatch()
	return a, nil
}

// Open returns a log on the stream streamID, creating its file if needed
// and recovering it: a torn tail is cut (see the package doc), and any
// other damage gives an error matching [sealstream.ErrCorrupt]. If an
// append of this adapter failed and its batch could not be cut then, Open
// cuts it first, and fails if that fails again. Open may wait for the
// writer lock of the stream while it creates or repairs the file. It
// checks ctx while it indexes the file and gives up with ctx's error,
// leaving nothing open. Handles of one stream share their state.
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	return a.openLog(ctx, streamID, true)
}

// openLog is Open; unless create is set, a stream without a file is not
// created but fails with an error matching [fs.ErrNotExist].
func (a *Adapter) openLog(ctx context.Context, streamID string, create bool) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.closed.Load() {
		a.mu.Unlock()
		return nil, fmt.Errorf("file: open stream %q: %w", streamID, sealstream.ErrClosed)
	}
	if s := a.live(streamID); s != nil {
		s.refs++
		a.mu.Unlock()
		return &log{s: s}, nil
	}
	a.mu.Unlock()
	if err := a.repairHeld(streamID); err != nil {
		return nil, err
	}
	s, recs, err := a.openStream(ctx, streamID, create)
	a.report(recs)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	closed, cur := a.closed.Load(), a.live(streamID)
	switch {
	case closed:
	case cur != nil:
		cur.refs++
	default:
		s.refs = 1
		a.streams[streamID], a.byName[s.name], a.open[s] = s, s, struct{}{}
		a.mu.Unlock()
		return &log{s: s}, nil
	}
	a.mu.Unlock()
	_ = s.closeFiles() // another Open was quicker, or the adapter closed
	if closed {
		return nil, fmt.Errorf("file: open stream %q: %w", streamID, sealstream.ErrClosed)
	}
	return &log{s: cur}, nil
}

// live returns the state of streamID unless there is none or its files
// were found erased, which it then forgets. a.mu must be held.
func (a *Adapter) live(streamID string) *stream {
	s := a.streams[streamID]
	if s != nil && s.erased.Load() {
		a.forget(s)
		return nil
	}
	return s
}

// Recovered returns how many torn tails (and failed batches, see the
// package doc) the adapter has cut so far.
func (a *Adapter) Recovered() uint64 { return a.recovered.Load() }

func (a *Adapter) report(recs []Recovery) {
	for _, r := range recs {
		a.recovered.Add(1)
		if a.opts.OnRecover != nil {
			a.opts.OnRecover(r)
		}
	}
}
