package stream

import (
	"context"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
)

// Stream is an open stream whose state is the fold f over its events,
// starting from init. It is safe for concurrent use by many goroutines.
// Streams opened on one ID from one Store share storage and appends.
type Stream[S any] struct {
	h    *handle
	f    fold.Fold[S]
	init S
	snap *snapshots[S] // nil unless opened with Snapshots

	once sync.Once
	done chan struct{}
}

// Open opens the stream with the given ID (creating it empty if needed)
// with f as its fold and init as the state before any event; opts add
// features such as [Snapshots]. It returns an error matching
// [sealstream.ErrInvalidStreamID] for an empty, overlong or non-printable
// ID or one starting with [SnapshotPrefix], [sealstream.ErrInvalidArgument]
// for a nil store or fold or a bad option, and [sealstream.ErrClosed] on a
// closed store. Close the stream when done.
func Open[S any](ctx context.Context, store *Store, id string, f fold.Fold[S], init S, opts ...OpenOption[S]) (*Stream[S], error) {
	switch {
	case store == nil || f == nil:
		return nil, fmt.Errorf("stream %q: open: a nil store or fold: %w", id, sealstream.ErrInvalidArgument)
	case ctx.Err() != nil:
		return nil, wrap(id, "open", ctx.Err())
	}
	if err := validUserStreamID(id); err != nil {
		return nil, err
	}
	var oc openConfig[S]
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&oc); err != nil {
			return nil, wrap(id, "open", err)
		}
	}
	h, err := store.acquire(ctx, id)
	if err != nil {
		return nil, err
	}
	if oc.snap != nil {
		oc.snap.logID = snapshotLogID(id, oc.snap.name)
	}
	return &Stream[S]{h: h, f: f, init: init, snap: oc.snap, done: make(chan struct{})}, nil
}

// ID returns the stream's ID.
func (s *Stream[S]) ID() string { return s.h.id }

// Close releases the stream: watchers end with [sealstream.ErrClosed] and
// later calls return it. The store keeps up to Config.CacheSize closed
// streams warm. Close is idempotent.
func (s *Stream[S]) Close() error {
	s.once.Do(func() {
		close(s.done)
		if s.snap != nil {
			s.snap.close(s.h.store) // before the stream, which Erase waits for
		}
		s.h.store.release(s.h)
	})
	return nil
}

// check returns ErrClosed once the stream or its store is closed.
func (s *Stream[S]) check(op string) error {
	select {
	case <-s.done:
	case <-s.h.store.done:
	default:
		return nil
	}
	return wrap(s.h.id, op, sealstream.ErrClosed)
}
