package stream

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"maps"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// cursor walks a stream's records in order, checking that versions are
// contiguous and that each record carries its predecessor's hash. It stays
// positioned after the last record it yielded, so it can be resumed.
type cursor struct {
	h      *handle
	next   uint64 // version of the next record to yield
	prev   []byte // hash of record next-1
	primed bool   // prev is known
	ad     []byte // scratch for the AD of the current record
	hasher codec.Hasher
	pin    *pin // a checkpoint to compare the walk with, if any
}

func (h *handle) cursor(from uint64) *cursor {
	return &cursor{h: h, next: max(from, 1), primed: from <= 1}
}

// start is the version the cursor reads from: the one before next while
// the chain is not primed.
func (c *cursor) start() uint64 {
	if !c.primed {
		return c.next - 1
	}
	return c.next
}

// readErr wraps an adapter error at the cursor's position.
func (c *cursor) readErr(err error) error { return c.readErrAt(c.next, err) }

// readErrAt wraps an adapter error met reading version v.
func (c *cursor) readErrAt(v uint64, err error) error {
	return fmt.Errorf("stream %q: read at version %d: %w", c.h.id, v, err)
}

// verify checks that r is the record the cursor expects and chains to its
// predecessor, leaves its AD in c.ad and advances. skip reports the
// priming record (version next-1), which is checked by nobody and only
// gives the hash its successor must carry.
func (c *cursor) verify(r *codec.Record) (skip bool, err error) {
	c.ad = codec.AD(c.ad[:0], c.h.id, r)
	if !c.primed && r.Version == c.next-1 {
		c.prev, c.primed = c.hasher.Sum(c.prev[:0], c.ad, r.Payload), true
		c.noteHash(r.Version)
		return true, nil
	}
	if r.Version != c.next || !c.primed {
		return false, fmt.Errorf("stream %q: read version %d, want %d: %w", c.h.id, r.Version, c.next, sealstream.ErrIntegrity)
	}
	if !bytes.Equal(r.Prev, c.prev) {
		return false, fmt.Errorf("stream %q: version %d does not chain to version %d: %w", c.h.id, r.Version, r.Version-1, sealstream.ErrIntegrity)
	}
	c.prev = c.hasher.Sum(c.prev[:0], c.ad, r.Payload)
	c.noteHash(r.Version)
	c.next++
	return false, nil
}

func (c *cursor) noteHash(v uint64) {
	if c.pin != nil {
		c.pin.note(v, c.prev)
	}
}

// records yields verified records from c.next up to the log's head, each
// with its AD bytes in c.ad (valid until the next iteration).
func (c *cursor) records(ctx context.Context) iter.Seq2[*codec.Record, error] {
	return func(yield func(*codec.Record, error) bool) {
		for r, err := range c.h.log().Read(ctx, c.start()) {
			if err != nil {
				yield(nil, c.readErr(err))
				return
			}
			skip, err := c.verify(&r)
			if err != nil {
				yield(nil, err)
				return
			}
			if !skip && !yield(&r, nil) {
				return
			}
		}
	}
}

// event returns the event of r, whose AD is ad, its payload opened by o.
func (c *cursor) event(ctx context.Context, o *opener, r *codec.Record, ad []byte) (sealstream.Event, error) {
	data, err := o.open(ctx, r.Payload, ad)
	if err != nil {
		return sealstream.Event{}, fmt.Errorf("stream %q: version %d: %w", c.h.id, r.Version, err)
	}
	return sealstream.Event{
		ID:       r.ID,
		Type:     r.Type,
		Data:     data,
		Time:     time.Unix(0, r.Time).UTC(),
		Metadata: maps.Clone(r.Metadata),
		Version:  r.Version,
	}, nil
}

// events yields the decrypted events from c.next to the head that pass rc's
// filter, opened by o. Filtered-out records are never decrypted: the hash
// chain ties each of them to its successor, so once the last record walked
// is authenticated, all of them are. events authenticates that record
// itself when it was filtered out, and fails rather than end on a record
// it could not authenticate.
func (c *cursor) events(ctx context.Context, rc *readConfig, o *opener) iter.Seq2[sealstream.Event, error] {
	return func(yield func(sealstream.Event, error) bool) {
		var tail unauthenticated
		for v, err := range c.pipeline(ctx) {
			if err != nil {
				yield(sealstream.Event{}, err)
				return
			}
			r := &v.rec
			if !rc.match(r.Type, r.Metadata) {
				tail.keep(r, v.ad)
				continue
			}
			tail.clear()
			e, err := c.event(ctx, o, r, v.ad)
			if err != nil && rc.skip && skippable(err) {
				continue // authenticated before its access was refused
			}
			if !yield(e, err) || err != nil {
				return
			}
		}
		if err := tail.check(ctx, c, o); err != nil {
			yield(sealstream.Event{}, err)
		}
	}
}

// unauthenticated is the last record a read walked without opening it.
type unauthenticated struct {
	rec codec.Record
	ad  []byte
	set bool
}

// keep holds r, whose bytes may live in a pipeline chunk's memory: that
// stays valid because every record walked after r either replaces it or
// clears it, and the chunk of the last one is never reused.
func (u *unauthenticated) keep(r *codec.Record, ad []byte) {
	u.rec, u.ad, u.set = *r, append(u.ad[:0], ad...), true
}

func (u *unauthenticated) clear() { u.set = false }

// check authenticates the kept record, if any, discarding its plaintext.
func (u *unauthenticated) check(ctx context.Context, c *cursor, o *opener) error {
	if !u.set {
		return nil
	}
	u.set = false
	_, err := c.event(ctx, o, &u.rec, u.ad)
	if skippable(err) {
		return nil // authenticated; the reader may not read it
	}
	return err
}
