package stream

import (
	"context"
	"iter"
)

// ReadAndWatch folds the stream from [From] (default 1): it yields the state
// after each event of the history, then after each event appended later, by
// this process or (where the adapter sees them) by others. Events arrive in
// version order with no gap and no duplicate, also while others append
// during the replay. [Where] limits which events are folded; filtered
// events are never decrypted.
//
// The iterator blocks while waiting for new events. It ends by yielding
// (zero, ctx.Err()) when ctx is canceled, (zero, [sealstream.ErrClosed])
// when the stream or store is closed, or (zero, err) on the first read
// error; breaking out of the loop stops it at once. It is single-use.
func (s *Stream[S]) ReadAndWatch(ctx context.Context, opts ...ReadOption) iter.Seq2[S, error] {
	rc := readOptions(opts)
	return func(yield func(S, error) bool) {
		var zero S
		state := s.init
		cur := s.h.cursor(rc.from)
		o, err := s.h.opener(ctx, rc.as)
		if err != nil {
			yield(zero, wrap(s.h.id, "watch", err))
			return
		}
		for {
			if err := s.check("watch"); err != nil {
				yield(zero, err)
				return
			}
			swapped, changed := s.h.logs.changed()
			for e, err := range cur.events(ctx, &rc, o) {
				if err != nil {
					yield(zero, wrap(s.h.id, "watch", err))
					return
				}
				state = s.f(state, e)
				if !yield(state, nil) {
					return
				}
			}
			select {
			case <-changed:
			case <-swapped:
			case <-ctx.Done():
				yield(zero, wrap(s.h.id, "watch", ctx.Err()))
				return
			case <-s.done:
			case <-s.h.store.done:
			}
		}
	}
}
