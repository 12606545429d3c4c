package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
)

// stored reports whether every event of c is already in the stream with
// the same content: then the call is a no-op returning the highest of their
// versions. Some but not all stored, the same ID with other content, or an
// ID already in this batch, is ErrIDConflict.
func (h *handle) stored(ctx context.Context, c *call, batch map[string]bool) (uint64, bool, error) {
	for _, e := range c.events {
		if batch[e.ID] {
			return 0, false, h.idConflict(e.ID, "is already being appended")
		}
	}
	at, err := h.lookupIDs(ctx, c.events)
	if err != nil {
		return 0, false, err
	}
	var found int
	var top uint64
	for _, v := range at {
		if v > 0 {
			found, top = found+1, max(top, v)
		}
	}
	switch {
	case found == 0:
		return 0, false, nil
	case found < len(c.events):
		return 0, false, h.idConflict("", "mixes stored and new events")
	}
	o, err := h.opener(ctx, "")
	if err != nil {
		return 0, false, err
	}
	for i, e := range c.events {
		v := at[i]
		cur := h.cursor(v)
		for r, err := range cur.records(ctx) {
			if err != nil {
				return 0, false, err
			}
			if r.ID != e.ID { // an index that disagrees with the log
				return 0, false, fmt.Errorf("stream %q: index: event ID %q found at version %d, which holds another: %w", h.id, e.ID, v, sealstream.ErrCorrupt)
			}
			got, err := cur.event(ctx, o, r, cur.ad)
			same := err == nil && sameContent(e, got)
			if errors.Is(err, sealstream.ErrNoAccess) {
				same, err = samePlaintext(e, r, c.to), nil
			}
			if err != nil {
				return 0, false, err
			}
			if !same {
				return 0, false, h.idConflict(e.ID, fmt.Sprintf("is stored at version %d with other content", v))
			}
			break
		}
	}
	return top, true, nil
}

func (h *handle) idConflict(id, what string) error {
	if id != "" {
		what = fmt.Sprintf("event ID %q %s", id, what)
	}
	return fmt.Errorf("stream %q: append: %s: %w", h.id, what, sealstream.ErrIDConflict)
}

// sameContent compares a new event with a stored one; the time only counts
// when the new event sets it.
func sameContent(e, stored sealstream.Event) bool {
	return e.Type == stored.Type && bytes.Equal(e.Data, stored.Data) &&
		maps.Equal(e.Metadata, stored.Metadata) &&
		(e.Time.IsZero() || e.Time.Equal(stored.Time))
}

// samePlaintext compares a new event with a stored one the writer cannot
// open: plaintext fields and recipient IDs.
func samePlaintext(e sealstream.Event, r *codec.Record, to []keyset.Recipient) bool {
	ids, err := envelope.Recipients(r.Payload)
	if err != nil || len(ids) != len(to) {
		return false
	}
	for _, rc := range to {
		if _, ok := slices.BinarySearch(ids, rc.ID()); !ok {
			return false
		}
	}
	return e.Type == r.Type && maps.Equal(e.Metadata, r.Metadata) &&
		(e.Time.IsZero() || e.Time.UnixNano() == r.Time)
}
