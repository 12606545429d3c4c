package file

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// log is one handle on a stream.
type log struct {
	s      *stream
	closed atomic.Bool
}

var _ adapter.Log = (*log)(nil)

func (l *log) live(op string) (*stream, error) {
	if l.closed.Load() || l.s.a.closed.Load() || l.s.erased.Load() {
		return nil, fmt.Errorf("file: stream %q: %s: %w", l.s.id, op, sealstream.ErrClosed)
	}
	return l.s, nil
}

// Head reports the last record, after indexing what other processes
// appended; File is the stream file's path and Bytes its indexed size.
func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := ctx.Err(); err != nil {
		return adapter.Head{}, err
	}
	s, err := l.live("head")
	if err != nil {
		return adapter.Head{}, err
	}
	if err := s.catchUp(ctx); err != nil {
		return adapter.Head{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return adapter.Head{Version: s.head(), Last: s.last, File: s.path, Bytes: s.end}, nil
}

// Changed returns a channel closed after the next append to the stream by
// this process, or after the watcher saw the file change (fsnotify or
// polling) for appends by others. Closing the log or the adapter, or
// erasing the stream, closes it too, and after that Changed returns a closed channel, so that a
// watcher wakes and finds [sealstream.ErrClosed].
func (l *log) Changed() <-chan struct{} {
	if l.closed.Load() || l.s.a.closed.Load() || l.s.erased.Load() {
		return closedChan
	}
	return l.s.signal.C()
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Close releases the handle and wakes its watchers; the files close with
// the stream's last handle, after an append in flight on it has ended.
func (l *log) Close() error {
	if l.closed.Swap(true) {
		return nil
	}
	l.s.signal.Notify()
	return l.s.a.release(l.s)
}
