package stream

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
)

// maxRetries bounds how often a batch is re-sealed after another writer
// moved the head.
const maxRetries = 1000

// call is one Append waiting in a handle's queue.
type call struct {
	ctx    context.Context
	events []sealstream.Event
	auto   bool // every ID was assigned by Append
	expect mo.Option[uint64]
	to     []keyset.Recipient // nil: sealed with the stream keyset
	wake   chan result        // buffered: the result, or the lead
	led    bool               // handed the lead; guarded by handle.mu

	version uint64 // set by prepare: the version the call reaches
}

// wakes holds calls' wake channels for reuse: making one cost 5% of
// BenchmarkAppend1.
var wakes = sync.Pool{New: func() any { return make(chan result, 1) }}

type result struct {
	version uint64
	err     error
	lead    bool
}

// commit writes batch, delivering a result to every call in it. The write
// is not canceled with the leader's context: other callers share it.
func (h *handle) commit(batch []*call) {
	ctx := context.WithoutCancel(batch[0].ctx)
	pending := batch
	h.fresh = false
	if h.head == 0 || emptyExpects(pending) {
		// An empty stream may get its first keyset, and a call without
		// events has nothing written to check its expectation: ask the log.
		h.stale = true
	}
	for attempt := 0; len(pending) > 0; attempt++ {
		if err := h.replaceBroken(ctx); err != nil {
			finishAll(pending, err)
			return
		}
		if h.stale {
			if err := h.reload(ctx); err != nil {
				finishAll(pending, err)
				return
			}
		}
		recs, accepted, last, recheck := h.prepare(ctx, pending)
		if recheck { // an expectation failed against a head not read in this commit
			h.stale, pending = true, accepted
			continue
		}
		if len(recs) == 0 {
			finishAll(accepted, nil)
			return
		}
		err := h.log().Append(ctx, h.head, recs)
		if errors.Is(err, sealstream.ErrConflict) && attempt < maxRetries {
			h.stale = true
			pending = accepted
			continue
		}
		if err != nil && len(accepted) > 1 && recordError(err) {
			for _, c := range accepted { // find the offending call: the others land
				h.commit([]*call{c})
			}
			return
		}
		if err != nil {
			h.stale = true
			if !recordError(err) {
				h.logs.broken.Store(true) // the next Append opens a fresh log
			}
			finishAll(accepted, fmt.Errorf("append at version %d: %w", h.head, err))
			return
		}
		h.advance(recs, last)
		finishAll(accepted, h.keysAlive(ctx))
		return
	}
}

// recordError reports whether an adapter refused the records themselves,
// which leaves the log usable and other calls' records acceptable.
func recordError(err error) bool {
	return errors.Is(err, sealstream.ErrTooLarge) || errors.Is(err, sealstream.ErrInvalidEvent)
}

// emptyExpects reports whether some call expects a version but brings no
// events, so that only a fresh head can answer it.
func emptyExpects(calls []*call) bool {
	for _, c := range calls {
		if _, ok := c.expect.Get(); ok && len(c.events) == 0 {
			return true
		}
	}
	return false
}

// finishAll delivers err, or the version each call reached, to calls.
func finishAll(calls []*call, err error) {
	for _, c := range calls {
		c.finish(result{version: c.version, err: err})
	}
}

// finish delivers r to c; a failed call reports version 0.
func (c *call) finish(r result) {
	if r.err != nil {
		r.version = 0
	}
	c.wake <- r
}

// reload reads the head from the log, after a conflict, an error, or on first use.
func (h *handle) reload(ctx context.Context) error {
	hd, err := h.log().Head(ctx)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	if hd.Version > 0 {
		if err := h.authentic(ctx, &hd.Last); err != nil { // never chain onto a forgery
			return fmt.Errorf("head: %w", err)
		}
	}
	h.head, h.hash, h.stale, h.fresh = hd.Version, nil, false, true
	if hd.Version > 0 {
		h.hash = codec.Hash(h.id, &hd.Last)
	}
	return nil
}

// advance moves the head past recs, just written; hash is the last one's.
func (h *handle) advance(recs []codec.Record, hash []byte) {
	h.head, h.hash = recs[len(recs)-1].Version, hash
	if h.index != nil {
		for i := range recs {
			h.index[recs[i].ID] = recs[i].Version
		}
		h.indexed = h.head
	}
}
