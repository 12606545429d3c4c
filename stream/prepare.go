package stream

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// prepare seals the events of the pending calls that can go ahead, with
// consecutive versions after the head. Calls that cannot (canceled, wrong
// expected version, ID conflicts, already stored) are finished here. It
// returns the records, the calls they belong to, and the last record's
// hash. If an expected version fails against a head not read from the log
// in this commit, it returns recheck and, as accepted, every call it did
// not finish, so that the expectation is judged again against the log.
func (h *handle) prepare(ctx context.Context, pending []*call) (recs []codec.Record, accepted []*call, last []byte, recheck bool) {
	a, err := h.aead(ctx, h.head == 0) // every append needs live stream keys, whatever its mode
	if err != nil {
		finishAll(pending, err)
		return nil, nil, nil, false
	}
	next, prev := h.head, h.hash
	var batchIDs map[string]bool // IDs in this batch, when some call brings its own
	total := 0
	for _, c := range pending {
		total += len(c.events)
		if !c.auto && batchIDs == nil {
			batchIDs = map[string]bool{}
		}
	}
	recs = make([]codec.Record, 0, total)
	sl := sealer{h: h, a: a, now: time.Now().UTC(), hashes: make([]byte, 0, total*codec.HashSize)}
	defer func() { h.ad = sl.ad[:0] }()
	accepted = pending[:0] // filtered in place: a call is kept at or before its index
	for _, c := range pending {
		if err := c.ctx.Err(); err != nil {
			c.finish(result{err: err})
			continue
		}
		if !c.auto {
			v, stored, err := h.stored(c.ctx, c, batchIDs)
			if err != nil || stored {
				c.finish(result{version: v, err: err})
				continue
			}
		}
		if v, ok := c.expect.Get(); ok && v != next && !h.fresh {
			recheck = true
		} else if ok && v != next {
			c.finish(result{err: fmt.Errorf("expected version %d, stream is at %d: %w", v, next, sealstream.ErrConflict)})
			continue
		}
		mark, markNext, markPrev := len(recs), next, prev
		var err error
		for i := range c.events {
			e := &c.events[i]
			next++
			var rec codec.Record
			var hash []byte
			if rec, hash, err = sl.seal(c.to, e, next, prev); err != nil {
				break
			}
			recs, prev = append(recs, rec), hash
		}
		if err != nil { // this call fails alone; the batch goes on without it
			recs, next, prev = recs[:mark], markNext, markPrev
			c.finish(result{err: err})
			continue
		}
		for _, e := range c.events {
			if batchIDs != nil {
				batchIDs[e.ID] = true
			}
		}
		c.version = next
		accepted = append(accepted, c)
	}
	if recheck {
		return nil, accepted, nil, true
	}
	return recs, accepted, prev, false
}

// aead returns the stream's AEAD as the keys hold it now, or nil for a
// plaintext store. Only an empty stream may get a new keyset (create): in
// a stream that holds events a missing keyset is an error, not a reason to
// make another key.
func (h *handle) aead(ctx context.Context, create bool) (tink.AEAD, error) {
	keys := h.store.cfg.Keys
	if keys == nil {
		return nil, nil
	}
	var a tink.AEAD
	var err error
	if create {
		a, err = keys.StreamAEAD(ctx, h.id)
	} else {
		a, err = keys.LoadStreamAEAD(ctx, h.id)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("keys: %w", err)
	}
	return a, nil
}

// keysAlive reports an error if the stream's keys were destroyed, or its
// keyset lost, while a batch was being written: the batch must then not be
// acknowledged, as nothing can read it.
func (h *handle) keysAlive(ctx context.Context) error {
	_, err := h.aead(ctx, false)
	if errors.Is(err, sealstream.ErrShredded) || errors.Is(err, sealstream.ErrNoKey) {
		return fmt.Errorf("the keys were destroyed while the batch was written, so it can never be read: %w", err)
	}
	return nil
}

// sealer seals the events of one batch, reusing its scratch space.
type sealer struct {
	h      *handle
	a      tink.AEAD
	now    time.Time
	ad     []byte // scratch, kept in the handle between batches
	hashes []byte // backing store of the batch's record hashes
}

// seal returns the record of e at version v chained to prev, and its hash.
// The payload is sealed to the recipients in to, or else with the stream
// keyset (nil for a plaintext store).
func (sl *sealer) seal(to []keyset.Recipient, e *sealstream.Event, v uint64, prev []byte) (codec.Record, []byte, error) {
	t := sl.now
	if !e.Time.IsZero() {
		t = e.Time.UTC()
	}
	e.Version = v
	rec := codec.Record{Version: v, ID: e.ID, Type: e.Type, Time: t.UnixNano(), Metadata: e.Metadata, Prev: prev}
	if sl.ad == nil {
		sl.ad = sl.h.ad[:0]
	}
	sl.ad = codec.AD(sl.ad[:0], sl.h.id, &rec)
	var err error
	switch {
	case to != nil:
		rec.Payload, err = envelope.SealTo(to, sl.a, sl.h.store.cfg.Writer, e.Data, sl.ad)
	case sl.a == nil:
		rec.Payload = envelope.Plain(e.Data)
	default:
		rec.Payload, err = envelope.Seal(sl.a, e.Data, sl.ad)
	}
	if err != nil {
		return rec, nil, fmt.Errorf("version %d: %w", v, err)
	}
	start := len(sl.hashes)
	sl.hashes = sl.h.hasher.Sum(sl.hashes, sl.ad, rec.Payload)
	return rec, sl.hashes[start:len(sl.hashes):len(sl.hashes)], nil
}
