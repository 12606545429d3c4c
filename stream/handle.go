package stream

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// handle is the state shared by every Stream open on one stream ID: the
// adapter log and the append pipeline. The fields under mu belong to the
// committer; see commit.go.
type handle struct {
	id     string
	store  *Store
	log    adapter.Log
	refs   int         // guarded by store.mu
	broken atomic.Bool // the log failed; later Opens get a fresh one

	mu        sync.Mutex
	queue     []*call
	busy      bool
	lastBatch int // calls in the last batch committed

	// Owned by the current commit leader (handed over under mu).
	head    uint64
	hash    []byte
	stale   bool              // head and hash must be reloaded from the log
	index   map[string]uint64 // event ID -> version; nil until first needed
	indexed uint64            // versions covered by index
	ad      []byte            // scratch for sealing
	hasher  codec.Hasher
}

// acquire returns the shared handle of id, opening its log if needed.
func (s *Store) acquire(ctx context.Context, id string) (*handle, error) {
	if err := validStreamID(id); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("stream: open %q: %w", id, sealstream.ErrClosed)
	}
	if h, ok := s.open[id]; ok && !h.broken.Load() {
		h.refs++
		return h, nil
	}
	if s.warm != nil {
		if h, ok := s.warm.Peek(id); ok {
			h.refs++ // keeps the eviction callback from closing it
			s.warm.Remove(id)
			s.open[id] = h
			return h, nil
		}
	}
	// Open the log without the store's lock: it may wait on storage (a
	// file lock, a server), and other streams must not wait with it.
	s.mu.Unlock()
	l, err := s.adapter.Open(ctx, id)
	s.mu.Lock()
	if err != nil {
		return nil, fmt.Errorf("stream: open %q: %w", id, err)
	}
	if s.closed {
		_ = l.Close()
		return nil, fmt.Errorf("stream: open %q: %w", id, sealstream.ErrClosed)
	}
	if h, ok := s.open[id]; ok && !h.broken.Load() { // opened meanwhile
		_ = l.Close()
		h.refs++
		return h, nil
	}
	h := &handle{id: id, store: s, log: l, refs: 1, stale: true}
	s.open[id] = h
	return h, nil
}

// release drops one reference to h; the last one parks h in the warm cache
// or closes its log.
func (s *Store) release(h *handle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h.refs--
	if h.refs > 0 {
		return
	}
	if s.closed { // Store.Close closed the logs it knew; a replaced broken one is left
		if s.open[h.id] != h {
			_ = h.log.Close()
		}
		return
	}
	if s.open[h.id] == h {
		delete(s.open, h.id)
	}
	if s.warm != nil && !h.broken.Load() {
		s.warm.Add(h.id, h)
		return
	}
	_ = h.log.Close()
}
