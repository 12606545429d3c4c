package stream

import (
	"context"
	"iter"
)

// ReadAndWatch folds the stream from [From] (default 1), starting from the
// stream's initial state: it yields the state after each event [Watch]
// yields, with the same guarantees and endings. A watch that starts at
// From(v) folds only the events from v; to resume a fold saved earlier,
// use [Stream.Follow].
//
// On a stream opened with [Snapshots], ReadAndWatch without From, Where,
// As or RequireAccess starts from the newest valid snapshot: it yields the
// snapshot's state first (the state after the event the snapshot covers),
// then the state after each later event.
func (s *Stream[S]) ReadAndWatch(ctx context.Context, opts ...ReadOption) iter.Seq2[S, error] {
	if s.snap != nil && snapshotRead(opts, false) {
		return func(yield func(S, error) bool) {
			for v, err := range s.snapFollow(ctx) {
				if !yield(v.State, err) || err != nil {
					return
				}
			}
		}
	}
	return func(yield func(S, error) bool) {
		var zero S
		state := s.init
		for e, err := range s.Watch(ctx, opts...) {
			if err != nil {
				yield(zero, err)
				return
			}
			state = s.f(state, e)
			if !yield(state, nil) {
				return
			}
		}
	}
}
