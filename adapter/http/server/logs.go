package server

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// logCache keeps the backend's logs open across requests: the logs in use,
// and up to max idle ones, least recently used closed first. Opening a log
// costs the backend work (a file adapter indexes its file), so requests
// share one log per stream.
type logCache struct {
	backend adapter.Adapter
	max     int

	mu      sync.Mutex
	open    map[string]*cached
	idle    *list.List // of *cached with no user, most recent first
	erasing map[string]chan struct{}
	closed  bool
}

// cached is one open log and the requests using it.
type cached struct {
	id    string
	log   adapter.Log
	refs  int
	elem  *list.Element // in idle, when refs is 0
	stale bool          // no longer in open: close at the last release
	tail  tail          // the last records, encoded for watches
}

func newLogCache(backend adapter.Adapter, max int) *logCache {
	return &logCache{backend: backend, max: max, open: map[string]*cached{},
		idle: list.New(), erasing: map[string]chan struct{}{}}
}

// acquire returns the open log of id, opening it if needed; it waits for
// an erasure of id in progress. Release it when done.
func (c *logCache) acquire(ctx context.Context, id string) (*cached, error) {
	c.mu.Lock()
	for {
		if c.closed {
			c.mu.Unlock()
			return nil, fmt.Errorf("server: stream %q: %w", id, sealstream.ErrClosed)
		}
		if e := c.open[id]; e != nil {
			c.use(e)
			c.mu.Unlock()
			return e, nil
		}
		ch := c.erasing[id]
		if ch == nil {
			break
		}
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		c.mu.Lock()
	}
	c.mu.Unlock()
	l, err := c.backend.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.open[id]; e != nil || c.erasing[id] != nil || c.closed { // raced: use theirs, or retry
		_ = l.Close()
		if e == nil {
			return nil, fmt.Errorf("server: stream %q is being erased or the server is closing: %w", id, sealstream.ErrClosed)
		}
		c.use(e)
		return e, nil
	}
	e := &cached{id: id, log: l, refs: 1}
	c.open[id] = e
	return e, nil
}

func (c *logCache) use(e *cached) {
	if e.refs == 0 && e.elem != nil {
		c.idle.Remove(e.elem)
		e.elem = nil
	}
	e.refs++
}

// release ends a use of e: an idle log joins the idle list, and the least
// recently used idle logs beyond max are closed.
func (c *logCache) release(e *cached) {
	var toClose []adapter.Log
	c.mu.Lock()
	if e.refs--; e.refs == 0 {
		if e.stale || c.closed {
			toClose = append(toClose, e.log)
		} else {
			e.elem = c.idle.PushFront(e)
			for c.idle.Len() > c.max {
				old := c.idle.Remove(c.idle.Back()).(*cached)
				old.elem = nil
				delete(c.open, old.id)
				toClose = append(toClose, old.log)
			}
		}
	}
	c.mu.Unlock()
	for _, l := range toClose {
		_ = l.Close()
	}
}

// drop takes e out of the cache after its log failed (closed by an
// erasure, or poisoned by a failed write), so that the next request opens
// the stream afresh. It is closed at its last release.
func (c *logCache) drop(e *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[e.id] == e {
		delete(c.open, e.id)
	}
	e.stale = true
}

// erase erases id in the backend, which closes its open logs and waits
// for the appends in flight on them; requests for id wait meanwhile.
func (c *logCache) erase(ctx context.Context, id string) error {
	c.mu.Lock()
	for c.erasing[id] != nil {
		ch := c.erasing[id]
		c.mu.Unlock()
		<-ch
		c.mu.Lock()
	}
	ch := make(chan struct{})
	c.erasing[id] = ch
	e := c.open[id]
	if e != nil {
		delete(c.open, id)
		e.stale = true
		if e.elem != nil {
			c.idle.Remove(e.elem)
			e.elem = nil
			defer func() { _ = e.log.Close() }()
		}
	}
	c.mu.Unlock()
	err := c.backend.Erase(ctx, id)
	c.mu.Lock()
	delete(c.erasing, id)
	close(ch)
	c.mu.Unlock()
	return err
}

// close closes every idle log; logs in use close at their last release.
func (c *logCache) close() error {
	c.mu.Lock()
	c.closed = true
	var errs []error
	for id, e := range c.open {
		delete(c.open, id)
		if e.refs == 0 {
			errs = append(errs, e.log.Close())
		}
	}
	c.idle.Init()
	c.mu.Unlock()
	return errors.Join(errs...)
}
