package mem

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
)

// Erase drops the records of streamID. Its open handles are closed: later
// calls on them return [sealstream.ErrClosed] and their Changed channels
// are closed. An append in flight on the stream ends first. Erasing a
// stream that does not exist is no error; opening it again gives an empty
// log.
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return fmt.Errorf("mem: erase %q: %w", streamID, sealstream.ErrClosed)
	}
	// a.mu is held until the changes are dropped: a stream opened anew
	// under the same ID must not append before, or its changes go too.
	s := a.logs[streamID]
	delete(a.logs, streamID)
	if s == nil {
		a.feed.drop(streamID) // a stream erased before holds no changes, but to be sure
		a.mu.Unlock()
		return nil
	}
	s.mu.Lock() // waits for an append in flight
	s.erased = true
	s.chunks, s.n, s.bytes = nil, 0, 0
	a.feed.drop(streamID)
	s.mu.Unlock()
	a.mu.Unlock()
	s.signal.Notify()
	return nil
}

func (s *store) isErased() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.erased
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()
