package stream

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// lookupIDs returns the version holding each event's ID, 0 where none
// does, as of the log's head or later. A log that is an [adapter.Finder]
// answers from its own index (on disk, or in its database); for any other
// log, or one that answers errors.ErrUnsupported, the handle keeps an
// index in memory, built from the records.
func (h *handle) lookupIDs(ctx context.Context, events []sealstream.Event) ([]uint64, error) {
	ids := make([]string, len(events))
	for i := range events {
		ids[i] = events[i].ID
	}
	if f, ok := h.log().(adapter.Finder); ok {
		at, err := f.Find(ctx, ids)
		switch {
		case errors.Is(err, errors.ErrUnsupported): // no index there after all: keep one here
		case err != nil:
			return nil, fmt.Errorf("stream %q: index: %w", h.id, err)
		case len(at) != len(ids):
			return nil, fmt.Errorf("stream %q: index: %d answers for %d IDs: %w", h.id, len(at), len(ids), sealstream.ErrCorrupt)
		default:
			return at, nil
		}
	}
	if err := h.catchUpIndex(ctx); err != nil {
		return nil, err
	}
	at := make([]uint64, len(ids))
	for i, id := range ids {
		at[i] = h.index[id]
	}
	return at, nil
}

// catchUpIndex extends the event ID index to the end of the log.
func (h *handle) catchUpIndex(ctx context.Context) error {
	if h.index == nil {
		h.index = map[string]uint64{}
	}
	for r, err := range h.log().Read(ctx, h.indexed+1) {
		if err != nil {
			return fmt.Errorf("stream %q: index: %w", h.id, err)
		}
		h.index[r.ID] = r.Version
		h.indexed = r.Version
	}
	return nil
}
