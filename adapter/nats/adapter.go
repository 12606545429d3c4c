package nats

import (
	"context"
	"fmt"
	"sync"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// headerRoom is the part of the server's message size limit kept for the
// headers the adapter adds to each record.
const headerRoom = 1024

// Adapter keeps sealstream streams in one JetStream stream. It is safe for
// concurrent use; [Adapter.Close] releases it.
type Adapter struct {
	nc      *natsgo.Conn
	js      jetstream.JetStream
	o       Options
	ownConn bool
	maxData int // largest encoded record accepted

	ctx    context.Context // ends at Close; bounds background work
	cancel context.CancelFunc
	wg     sync.WaitGroup
	status chan natsgo.Status

	mu       sync.Mutex
	subjects map[string]*shared
	closed   bool

	feed         adapter.Signal // see FeedChanged
	feedWatching bool           // the feed's watcher runs; guarded by mu

	hooks hooks
}

// hooks let tests inject faults; nil fields do nothing.
type hooks struct {
	lostAck   func() bool   // drop the acknowledgement of a publish that landed
	staleRead func() uint64 // cut direct reads after this stream sequence
}

// Open returns the log of streamID. It does no I/O; an ID that cannot be
// mapped to a subject gets [sealstream.ErrInvalidStreamID].
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	subject, err := subjectFor(a.o.SubjectPrefix, streamID)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("nats: open %q: %w", streamID, sealstream.ErrClosed)
	}
	sh := a.subjects[subject]
	if sh == nil {
		sh = &shared{id: streamID, subject: subject}
		a.subjects[subject] = sh
	}
	sh.refs++
	return &log{a: a, sh: sh}, nil
}

// release drops one handle on sh; the last one stops its watcher.
func (a *Adapter) release(sh *shared) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if sh.refs--; sh.refs == 0 && a.subjects[sh.subject] == sh {
		delete(a.subjects, sh.subject)
		sh.stopWatch()
	}
}

// Close stops every watcher and closes the connection if Open made it.
// Logs opened from a return [sealstream.ErrClosed] afterwards.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.feed.Notify()
	for _, sh := range a.subjects {
		sh.stopWatch()
		sh.signal.Notify()
	}
	a.subjects = nil
	a.mu.Unlock()
	a.cancel()
	a.nc.RemoveStatusListener(a.status)
	a.wg.Wait()
	if a.ownConn {
		a.nc.Close()
	}
	return nil
}

func (a *Adapter) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

func (a *Adapter) notifyAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.feed.Notify()
	for _, sh := range a.subjects {
		sh.signal.Notify()
	}
}
