package stream

import (
	"runtime"
	"slices"
)

// submit queues c and returns its result. Concurrent appends to one stream
// are group-committed: one leader takes every queued call, seals them with
// consecutive versions and writes them in one adapter Append (one fsync for
// the file adapter), then hands the lead to the next queued call. A call
// still in the queue when its context ends leaves it with ctx.Err().
func (h *handle) submit(c *call) result {
	h.mu.Lock()
	h.queue = append(h.queue, c)
	if h.busy {
		h.mu.Unlock()
		if r := h.await(c); !r.lead {
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
	h.queue, h.spare, h.lastBatch = h.spare, nil, len(batch)
	h.mu.Unlock()

	h.commit(batch)

	h.mu.Lock()
	clear(batch)
	h.spare = batch[:0] // the next leader's queue: one allocation less per append
	if len(h.queue) > 0 {
		next := h.queue[0]
		next.led = true
		h.mu.Unlock()
		next.wake <- result{lead: true}
	} else {
		h.busy = false
		h.mu.Unlock()
	}
	return <-c.wake
}

// await waits for c's result or lead. If c's context ends while c is still
// queued and not handed the lead, c leaves the queue and fails.
func (h *handle) await(c *call) result {
	select {
	case r := <-c.wake:
		return r
	case <-c.ctx.Done():
	}
	h.mu.Lock()
	if i := slices.Index(h.queue, c); i >= 0 && !c.led {
		h.queue = slices.Delete(h.queue, i, i+1)
		h.mu.Unlock()
		return result{err: c.ctx.Err()}
	}
	h.mu.Unlock()
	return <-c.wake
}
