package s3

import (
	"context"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// log is one handle on a stream. Handles of one stream in one adapter
// share their stream state.
type log struct {
	a  *Adapter
	st *stream

	mu     sync.Mutex
	closed bool
}

// check returns ctx's error, or [sealstream.ErrClosed] once the log, its
// adapter or its stream (by Erase) is closed.
func (l *log) check(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed || l.a.isClosed() || l.st.isErased() {
		return fmt.Errorf("s3: %s %q: %w", op, l.st.id, sealstream.ErrClosed)
	}
	return nil
}

// Head probes for commits past the newest head this adapter has seen
// (one GET when there are none), or on first use starts from the head
// hint. Bytes counts the commit objects, not segments.
func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := l.check(ctx, "head"); err != nil {
		return adapter.Head{}, err
	}
	p, err := l.a.refresh(ctx, l.st)
	if err != nil {
		return adapter.Head{}, err
	}
	if err := l.check(ctx, "head"); err != nil {
		return adapter.Head{}, err // erased while probing
	}
	h := adapter.Head{Version: p.version(), Bytes: p.total, File: "s3://" + l.a.loc.bucket + "/" + l.st.keys.dir}
	if h.Version > 0 {
		h.Last = p.last
	}
	return h, nil
}

// Changed fires at once after appends through this adapter, and within
// about PollInterval after those of other adapters or processes: while a
// channel is out, the adapter checks the stream for a new commit every
// PollInterval. Once the log, its adapter or its stream is closed, the
// channel it returns is closed.
func (l *log) Changed() <-chan struct{} {
	if l.check(context.Background(), "watch") != nil {
		return closedChan
	}
	return l.st.watch()
}

// Close releases the handle; later calls return [sealstream.ErrClosed].
func (l *log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		l.a.release(l.st)
	}
	return nil
}
