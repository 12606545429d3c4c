package stream

import (
	"context"
	"iter"
)

// Versioned is a fold's state after the event at Version (0: before any
// event). Save it with the state to resume the fold later.
type Versioned[S any] struct {
	State   S
	Version uint64
}

// Start returns the fold's state before any event: the init given to
// [Open], at version 0.
func (s *Stream[S]) Start() Versioned[S] { return Versioned[S]{State: s.init, Version: 0} }

// Follow resumes the fold from a saved state: it folds the events after
// from.Version onto from.State, the history and then live appends as
// [Watch] yields them, and yields each state with the version it reached.
// Start from [Stream.Start] to fold the whole stream. A filter ([Where])
// must be the one the saved state was folded with; [From] is ignored.
//
// On a stream opened with [Snapshots], Follow from [Stream.Start] (version
// 0 and a state that encodes like the initial one) without Where, As or
// RequireAccess starts from the newest valid snapshot: it yields the
// snapshot's state and version first, then each later one.
func (s *Stream[S]) Follow(ctx context.Context, from Versioned[S], opts ...ReadOption) iter.Seq2[Versioned[S], error] {
	if s.snap != nil && snapshotRead(opts, true) && s.startOf(from) {
		return s.snapFollow(ctx)
	}
	return func(yield func(Versioned[S], error) bool) {
		cur := from
		for e, err := range s.Watch(ctx, append(opts, From(from.Version+1))...) {
			if err != nil {
				yield(Versioned[S]{}, err)
				return
			}
			cur = Versioned[S]{State: s.f(cur.State, e), Version: e.Version}
			if !yield(cur, nil) {
				return
			}
		}
	}
}
