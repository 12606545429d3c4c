package stream

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream"
)

// Read returns the decrypted events from [From] (default 1) up to the head
// as of the iteration, that pass [Where]. It yields (zero, err) and stops
// at the first error: [sealstream.ErrDecrypt], [sealstream.ErrShredded],
// [sealstream.ErrIntegrity], an adapter error, ctx.Err(), or
// [sealstream.ErrClosed]. Breaking out of the loop stops it at once.
func (s *Stream[S]) Read(ctx context.Context, opts ...ReadOption) iter.Seq2[sealstream.Event, error] {
	rc := readOptions(opts)
	return s.read(ctx, "read", &rc)
}

func (s *Stream[S]) read(ctx context.Context, op string, rc *readConfig) iter.Seq2[sealstream.Event, error] {
	return func(yield func(sealstream.Event, error) bool) {
		if err := s.check(op); err != nil {
			yield(sealstream.Event{}, err)
			return
		}
		o, err := s.h.opener(ctx, rc.as)
		if err != nil {
			yield(sealstream.Event{}, wrap(s.h.id, op, err))
			return
		}
		cur := s.h.cursor(rc.from)
		cur.pin = rc.pin
		for e, err := range cur.events(ctx, rc, o) {
			if !yield(e, wrap(s.h.id, op, err)) || err != nil {
				return
			}
		}
	}
}

// State returns the fold of the stream's history (all of it unless [From]
// or [Where] narrow it). It fails with the first error of [Stream.Read].
// On a stream opened with [Snapshots], State without From, Where, As or
// RequireAccess starts from the newest valid snapshot and folds only the
// events after it (see "Snapshots" in the package documentation).
func (s *Stream[S]) State(ctx context.Context, opts ...ReadOption) (S, error) {
	if s.snap != nil && snapshotRead(opts, false) {
		return s.snapState(ctx)
	}
	state := s.init
	for e, err := range s.Read(ctx, opts...) {
		if err != nil {
			var zero S
			return zero, err
		}
		state = s.f(state, e)
	}
	return state, nil
}

// Search returns the events for which match returns true, in version order.
// [Where] and [From] narrow the events first: metadata filters run before
// any decryption. It fails with the first error of [Stream.Read].
func (s *Stream[S]) Search(ctx context.Context, match func(sealstream.Event) bool, opts ...ReadOption) ([]sealstream.Event, error) {
	var found []sealstream.Event
	for e, err := range s.Read(ctx, opts...) {
		if err != nil {
			return nil, err
		}
		if match(e) {
			found = append(found, e)
		}
	}
	return found, nil
}
