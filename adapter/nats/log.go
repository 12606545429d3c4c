package nats

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// log is one handle on a stream.
type log struct {
	a      *Adapter
	sh     *shared
	closed atomic.Bool
}

func (l *log) check(op string) error {
	if l.closed.Load() || l.a.isClosed() || l.sh.gone.Load() {
		return fmt.Errorf("nats: %s %q: %w", op, l.sh.id, sealstream.ErrClosed)
	}
	return nil
}

// Head asks the stream leader for the last record. Bytes is the encoded
// size of all records, carried in each record's Sealstream-Bytes header.
func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := ctx.Err(); err != nil {
		return adapter.Head{}, err
	}
	if err := l.check("head"); err != nil {
		return adapter.Head{}, err
	}
	t, err := l.refresh(ctx)
	if err != nil {
		return adapter.Head{}, l.wrap("head", err)
	}
	return adapter.Head{Version: t.version, Last: t.last, Bytes: int64(t.bytes)}, nil
}

// Changed returns a channel closed after the next append to the stream by
// any writer the server serves, and after every reconnect. The first call
// on a stream starts its watcher: an ordered consumer on the stream's
// subject, headers only, that begins with the stream's current last record
// and so fires at least once for any change after the call. Erase of the
// stream fires it too, and closes later ones.
func (l *log) Changed() <-chan struct{} {
	if l.sh.gone.Load() {
		return closedChan
	}
	ch := l.sh.signal.C()
	if !l.closed.Load() {
		l.a.watch(l.sh)
	}
	return ch
}

// Close releases the handle; the last handle on a stream stops its
// watcher. Closing twice is a no-op.
func (l *log) Close() error {
	if l.closed.CompareAndSwap(false, true) {
		l.a.release(l.sh)
		l.sh.signal.Notify()
	}
	return nil
}

// wrap names the operation and stream on an error from the connection,
// mapping a closed connection to [sealstream.ErrClosed].
func (l *log) wrap(op string, err error) error {
	if classify(err) == closed {
		return fmt.Errorf("nats: %s %q: %w: %w", op, l.sh.id, sealstream.ErrClosed, err)
	}
	return fmt.Errorf("nats: %s %q: %w", op, l.sh.id, err)
}
