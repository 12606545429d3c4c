package httpadapter

import (
	"context"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Adapter is the client of a sync server: an [adapter.Adapter] whose logs
// live on the server, and an [adapter.Feed] of the server's change feed.
// It is safe for concurrent use; Close releases it.
type Adapter struct {
	c      *client
	ctx    context.Context // ends at Close: stops the watches
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	streams map[string]*shared
	closed  bool

	feed feedState // the change feed's signal and subscription
}

var _ adapter.Adapter = (*Adapter)(nil)

// New returns the adapter of the server at url (http:// or https://, with
// an optional base path) with the options o. It sends no request.
func New(url string, o Options) (*Adapter, error) {
	c, err := newClient(url, o)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Adapter{c: c, ctx: ctx, cancel: cancel, streams: map[string]*shared{}}, nil
}

// Open returns the log of streamID. It sends no request; an ID the stream
// package would refuse gets [sealstream.ErrInvalidStreamID].
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := wire.CheckStreamID(streamID); err != nil {
		return nil, fmt.Errorf("httpadapter: open: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("httpadapter: open %q: %w", streamID, sealstream.ErrClosed)
	}
	sh := a.streams[streamID]
	if sh == nil {
		sh = &shared{id: streamID, logs: map[*log]bool{}}
		a.streams[streamID] = sh
	}
	l := &log{a: a, sh: sh}
	sh.logs[l] = true
	return l, nil
}

// release drops l from its stream's handles; the last one stops the watch.
func (a *Adapter) release(l *log) {
	a.mu.Lock()
	defer a.mu.Unlock()
	sh := l.sh
	delete(sh.logs, l)
	if len(sh.logs) == 0 && a.streams[sh.id] == sh {
		delete(a.streams, sh.id)
		sh.stopWatch()
	}
}

// Close stops every watch and releases the adapter's own connections.
// Logs opened from a return [sealstream.ErrClosed] afterwards.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	for _, sh := range a.streams {
		sh.stopWatch()
		sh.signal.Notify()
	}
	a.streams = nil
	a.mu.Unlock()
	a.feed.signal.Notify()
	a.cancel()
	a.wg.Wait()
	if a.c.own {
		a.c.hc.CloseIdleConnections()
	}
	return nil
}

func (a *Adapter) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// BlobStore returns a keyset blob store on the server through the
// adapter's token and connections.
func (a *Adapter) BlobStore() *BlobStore { return &BlobStore{c: a.c} }
