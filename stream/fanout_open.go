package stream

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/sealstream/sealstream"
)

// opened is a payload as opened for one identity.
type opened struct {
	data []byte
	err  error
}

// open returns the payload of the item read as identity as, opening it on
// first need for every watcher reading as as: a record that no watcher
// yields, nor opens to authenticate the records it filtered out before
// it, is never opened. A failure caused by ctx, the calling watcher's own,
// is not kept, so that it never becomes another watcher's error.
func (it *fanItem) open(ctx context.Context, h *handle, as string) ([]byte, error) {
	e := find(&it.data, as)
	if e.done.Load() {
		return e.v.data, e.v.err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.done.Load() {
		return e.v.data, e.v.err
	}
	data, err := it.pass.open(ctx, h, as, it.rec.Payload, it.ad)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		err = fmt.Errorf("stream %q: version %d: %w", h.id, it.rec.Version, err)
	}
	e.v = opened{data: data, err: err}
	e.done.Store(true)
	return data, err
}

// open opens env, whose AD is ad, with the pass's opener for identity as,
// made on first need.
func (p *fanPass) open(ctx context.Context, h *handle, as string, env, ad []byte) ([]byte, error) {
	e := find(&p.keys, as)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.v == nil {
		o, err := h.opener(ctx, as)
		if err != nil {
			return nil, err
		}
		e.v = o
	}
	data, err := e.v.open(ctx, env, ad)
	if err != nil && ctx.Err() != nil {
		e.v = nil // its keys may be a canceled fetch: the next watcher fetches again
	}
	return data, err
}

// event returns the item's event with data as its payload. The payload is
// shared with the other watchers, not copied for each: with a thousand
// watchers, a copy of every payload for each made the garbage collector,
// not the watchers, the cost of watching. The metadata is copied, only
// when there is some: a map written by one watcher while others read it
// would crash the program, where a payload changed in place only misleads.
func (it *fanItem) event(data []byte) sealstream.Event {
	r := &it.rec
	return sealstream.Event{
		ID:       r.ID,
		Type:     r.Type,
		Data:     data,
		Time:     time.Unix(0, r.Time).UTC(),
		Metadata: maps.Clone(r.Metadata),
		Version:  r.Version,
	}
}
