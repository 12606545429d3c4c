package stream

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream"
)

// Watch yields the events of the stream from [From] (default 1): the
// history, then each event appended later, by this process or (where the
// adapter sees them) by others. Events arrive in version order with no gap
// and no duplicate, also while others append during the replay: it is what
// projections, a tail -f and sync build on. [Where] limits which events are
// yielded; filtered events are never decrypted.
//
// The iterator blocks while waiting for new events. It ends by yielding
// (zero, ctx.Err()) when ctx is canceled, (zero, [sealstream.ErrClosed])
// when the stream or store is closed, or (zero, err) on the first read
// error; breaking out of the loop stops it at once. It is single-use.
func (s *Stream[S]) Watch(ctx context.Context, opts ...ReadOption) iter.Seq2[sealstream.Event, error] {
	rc := readOptions(opts)
	return func(yield func(sealstream.Event, error) bool) {
		cur := s.h.cursor(rc.from)
		o, err := s.h.opener(ctx, rc.as)
		if err != nil {
			yield(sealstream.Event{}, wrap(s.h.id, "watch", err))
			return
		}
		for {
			if err := s.check("watch"); err != nil {
				yield(sealstream.Event{}, err)
				return
			}
			swapped, changed := s.h.logs.changed()
			for e, err := range cur.events(ctx, &rc, o) {
				if !yield(e, wrap(s.h.id, "watch", err)) || err != nil {
					return
				}
			}
			select {
			case <-changed:
			case <-swapped:
			case <-ctx.Done():
				yield(sealstream.Event{}, wrap(s.h.id, "watch", ctx.Err()))
				return
			case <-s.done:
			case <-s.h.store.done:
			}
		}
	}
}
