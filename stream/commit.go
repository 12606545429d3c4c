package stream

import (
	"context"
	"errors"
	"fmt"
	"runtime"

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

	version uint64 // set by prepare: the version the call reaches
}

type result struct {
	version uint64
	err     error
	lead    bool
}

// submit queues c and returns its result. Concurrent appends to one stream
// are group-committed: one leader takes every queued call, seals them with
// consecutive versions and writes them in one adapter Append (one fsync for
// the file adapter), then hands the lead to the next queued call.
func (h *handle) submit(c *call) result {
	h.mu.Lock()
	h.queue = append(h.queue, c)
	if h.busy {
		h.mu.Unlock()
		if r := <-c.wake; !r.lead {
			return r
		}
		h.mu.Lock()
	} else {
		h.busy = true
	}
	// After a shared batch, let the callers just answered queue again
	// before taking the next one; a lone appender never waits.
	for i := 0; i < 6 && h.lastBatch > 1; i++ {
		n := len(h.queue)
		h.mu.Unlock()
		runtime.Gosched()
		h.mu.Lock()
		if len(h.queue) == n {
			break
		}
	}
	batch := h.queue
	h.queue, h.lastBatch = nil, len(batch)
	h.mu.Unlock()

	h.commit(batch)

	h.mu.Lock()
	if len(h.queue) > 0 {
		next := h.queue[0]
		h.mu.Unlock()
		next.wake <- result{lead: true}
	} else {
		h.busy = false
		h.mu.Unlock()
	}
	return <-c.wake
}

// commit writes batch, delivering a result to every call in it. The write
// is not canceled with the leader's context: other callers share it.
func (h *handle) commit(batch []*call) {
	ctx := context.WithoutCancel(batch[0].ctx)
	pending := batch
	if emptyExpects(pending) {
		h.stale = true // nothing to write would check the expected version: ask the log
	}
	for attempt := 0; len(pending) > 0; attempt++ {
		if h.stale {
			if err := h.reload(ctx); err != nil {
				finishAll(pending, err)
				return
			}
		}
		recs, accepted, last := h.prepare(ctx, pending)
		if len(recs) == 0 {
			finishAll(accepted, nil)
			return
		}
		err := h.log.Append(ctx, h.head, recs)
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
				h.broken.Store(true) // the store opens a fresh log for the next Open
			}
			finishAll(accepted, fmt.Errorf("stream %q: append at version %d: %w", h.id, h.head, err))
			return
		}
		h.advance(recs, last)
		finishAll(accepted, nil)
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

func (c *call) finish(r result) { c.wake <- r }

// reload reads the head from the log, after a conflict, an error, or on first use.
func (h *handle) reload(ctx context.Context) error {
	hd, err := h.log.Head(ctx)
	if err != nil {
		return fmt.Errorf("stream %q: head: %w", h.id, err)
	}
	h.head, h.hash, h.stale = hd.Version, nil, false
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
