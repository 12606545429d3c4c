package stream

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/fanout"
)

// handle is the state shared by every Stream open on one stream ID: the
// adapter log and the append pipeline. The fields under mu belong to the
// committer; see commit.go.
type handle struct {
	id    string
	store *Store
	refs  int // guarded by store.mu
	logs  logs

	mu        sync.Mutex
	queue     []*call
	spare     []*call // an emptied queue, for the next leader to take
	busy      bool
	lastBatch int // calls in the last batch committed

	// Owned by the current commit leader (handed over under mu).
	head    uint64
	hash    []byte
	stale   bool              // head and hash must be reloaded from the log
	fresh   bool              // head and hash were read from the log in this commit
	index   map[string]uint64 // event ID -> version; nil until first needed
	indexed uint64            // versions covered by index
	ad      []byte            // scratch for sealing
	hasher  codec.Hasher

	fanOnce sync.Once
	fan     *fanout.Hub[*fanItem] // the watchers' shared feed; see fanout.go
}

// log returns the adapter log in use.
func (h *handle) log() adapter.Log { return h.logs.current() }

// acquire returns the shared handle of id, opening its log if needed.
func (s *Store) acquire(ctx context.Context, id string) (*handle, error) {
	if err := validStreamID(id); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, wrap(id, "open", sealstream.ErrClosed)
	case s.erasing[id]:
		return nil, wrap(id, "open", fmt.Errorf("the stream is being erased: %w", sealstream.ErrInUse))
	}
	if h := s.reuse(id); h != nil {
		return h, nil
	}
	// Open the log without the store's lock: it may wait on storage (a
	// file lock, a server), and other streams must not wait with it.
	s.mu.Unlock()
	l, err := s.adapter.Open(ctx, id)
	s.mu.Lock()
	if errors.Is(err, syscall.EMFILE) && s.warm != nil && s.warm.Len() > 0 {
		s.warm.Purge() // out of file descriptors: close the warm streams, try once more
		s.mu.Unlock()
		l, err = s.adapter.Open(ctx, id)
		s.mu.Lock()
	}
	if err != nil {
		return nil, wrap(id, "open", err)
	}
	if s.closed {
		_ = l.Close()
		return nil, wrap(id, "open", sealstream.ErrClosed)
	}
	if h := s.reuse(id); h != nil { // opened meanwhile
		_ = l.Close()
		return h, nil
	}
	h := &handle{id: id, store: s, refs: 1, stale: true}
	h.logs.set(l)
	s.open[id] = h
	return h, nil
}

// reuse returns the open or warm handle of id with one more reference, or
// nil. It must be called with s.mu held.
func (s *Store) reuse(id string) *handle {
	if h, ok := s.open[id]; ok {
		h.refs++
		return h
	}
	if s.warm != nil {
		if h, ok := s.warm.Peek(id); ok {
			h.refs++ // keeps the eviction callback from closing it
			s.warm.Remove(id)
			s.open[id] = h
			return h
		}
	}
	return nil
}

// release drops one reference to h; the last one parks h in the warm cache
// or closes its logs.
func (s *Store) release(h *handle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h.refs--
	if h.refs > 0 {
		return
	}
	if s.closed { // Store.Close closed the logs
		return
	}
	delete(s.open, h.id)
	if s.warm != nil && !h.logs.broken.Load() {
		s.warm.Add(h.id, h)
		return
	}
	h.logs.close()
}
