package stream

import (
	"context"
	"fmt"
	"maps"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
)

func validRecipients(to []keyset.Recipient) error {
	if len(to) == 0 || len(to) > envelope.MaxRecipients {
		return fmt.Errorf("%d recipients, want 1 to %d: %w", len(to), envelope.MaxRecipients, sealstream.ErrInvalidEvent)
	}
	seen := make(map[string]bool, len(to))
	for _, r := range to {
		if r.ID() == "" || seen[r.ID()] {
			return fmt.Errorf("recipient %q is zero or repeated: %w", r.ID(), sealstream.ErrInvalidEvent)
		}
		seen[r.ID()] = true
	}
	return nil
}

// Append adds events to the stream atomically (all or none) and returns the
// stream's version after them. Each event's Data is sealed; Version is
// ignored; an empty ID gets a UUIDv7 and a zero Time the current time.
//
// Append is idempotent by ID over the whole history: if every event of the
// call is already stored with the same content, it succeeds without writing
// and returns the highest of their versions. The same ID with other
// content, a call mixing stored and new events, or an ID repeated within
// the call fails with [sealstream.ErrIDConflict] (which also matches
// [sealstream.ErrConflict]).
//
// Finding stored IDs costs no scan of the history on adapters that keep
// an index of their own ([github.com/sealstream/sealstream/adapter.Finder]:
// the file adapter's on-disk index, PostgreSQL's unique index); on the
// others (memory, NATS, S3) the stream keeps an index in memory, built at
// the first call with IDs. Calls without IDs never consult it.
//
// Other errors: [sealstream.ErrConflict] when an [ExpectVersion] does not
// hold, [sealstream.ErrInvalidEvent] and [sealstream.ErrTooLarge] for bad
// input, [sealstream.ErrClosed] after Close, [sealstream.ErrShredded] for a
// forgotten stream, [sealstream.ErrNoKey] when a stream that holds events
// has lost its keyset (keys are made only for an empty stream). A failed
// Append returns version 0 and writes nothing, with one exception: an
// Append racing a Forget of the stream's keys fails with
// [sealstream.ErrShredded] even if its records reached the log, since
// nothing can read them.
//
// An expected version is judged against the log's true head, which may
// have been moved by other stores or processes. The keys are read from the
// store's Keys at every Append, so a rotation made elsewhere is used at
// once and no Append is acknowledged after a Forget has returned.
//
// With [To], the events are sealed to recipients rather than with the
// stream keyset. A writer that is not among the recipients of a stored
// event cannot read it back: the idempotency check then compares the
// plaintext fields and the recipient IDs only.
func (s *Stream[S]) Append(ctx context.Context, events []sealstream.Event, opts ...AppendOption) (uint64, error) {
	if err := s.check("append"); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, wrap(s.h.id, "append", err)
	}
	var cfg appendConfig
	if len(opts) > 0 { // options escape their argument: no allocation without them
		cfg = appendOptions(opts)
	}
	c := &call{ctx: ctx, events: make([]sealstream.Event, len(events)), auto: true,
		expect: cfg.expect, wake: wakes.Get().(chan result)}
	if to, ok := cfg.to.Get(); ok {
		if err := validRecipients(to); err != nil {
			return 0, wrap(s.h.id, "append", err)
		}
		if s.h.store.cfg.Writer == nil {
			return 0, wrap(s.h.id, "append", fmt.Errorf("events sealed to recipients are signed by their writer: set Config.Writer: %w", sealstream.ErrNoKey))
		}
		c.to = to
	}
	missing := 0
	var given map[string]bool // caller-supplied IDs, to refuse repeats
	for i := range events {
		e := &events[i]
		if err := s.h.validEvent(i, e); err != nil {
			return 0, wrap(s.h.id, "append", err)
		}
		if e.ID == "" {
			missing++
			continue
		}
		if given == nil {
			given, c.auto = make(map[string]bool, len(events)), false
		}
		if given[e.ID] {
			return 0, wrap(s.h.id, "append", fmt.Errorf("event %d: ID %q repeats in the call: %w", i, e.ID, sealstream.ErrIDConflict))
		}
		given[e.ID] = true
	}
	for i, e := range events {
		e.Metadata = maps.Clone(e.Metadata)
		c.events[i] = e
	}
	assignIDs(c.events, missing)
	r := s.h.submit(c)
	wakes.Put(c.wake) // empty: submit took the one result sent to it
	return r.version, wrap(s.h.id, "append", r.err)
}
