package stream

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/fanout"
)

// Watch yields the events of the stream from [From] (default 1): the
// history, then each event appended later, by this process or (where the
// adapter sees them) by others. Events arrive in version order with no gap
// and no duplicate, also while others append during the replay: it is what
// projections, a tail -f and sync build on. [Where] limits which events are
// yielded; the events it filters out are not decrypted for this watcher
// (another watcher reading as the same identity may open them for itself).
//
// The watchers of a stream in one Store share the reading of new events:
// each record is read and checked in the hash chain once for all of them,
// and its payload opened once for all that read as one identity ([As]),
// when the first of them needs it. A watcher that falls far behind the
// others catches up by itself, so a slow consumer holds no one back. The
// Data of the events it yields may therefore be shared with the stream's
// other watchers: read it, and copy it before changing it. Metadata is
// each watcher's own.
//
// The iterator blocks while waiting for new events. It ends by yielding
// (zero, ctx.Err()) when ctx is canceled, (zero, [sealstream.ErrClosed])
// when the stream or store is closed, or (zero, err) on the first read
// error; breaking out of the loop stops it at once. It is single-use.
func (s *Stream[S]) Watch(ctx context.Context, opts ...ReadOption) iter.Seq2[sealstream.Event, error] {
	rc := readOptions(opts)
	return func(yield func(sealstream.Event, error) bool) {
		w := &watcher{h: s.h, ctx: ctx, rc: &rc, cur: s.h.cursor(rc.from), filtered: len(rc.types)+len(rc.meta) > 0}
		w.ended = func() error {
			if err := s.check("watch"); err != nil {
				return err
			}
			return wrap(s.h.id, "watch", ctx.Err())
		}
		defer w.stop()
		solo, settle := true, false
		for {
			if !solo {
				wake := w.ring.Changed()
				st, ok := w.live(yield)
				switch {
				case !ok:
					return
				case st == fanout.Pending:
					select {
					case <-wake:
					case <-w.halt:
						yield(sealstream.Event{}, w.ended())
						return
					}
				case st == fanout.Behind: // read by itself to the head, then follow again
					// A feed that starts after the watcher's position
					// (another watcher started it from beyond the head)
					// can serve it only once the log gets there.
					solo, settle = true, w.cur.next < w.ring.Start()
				case st == fanout.Closed: // the feed failed: read by itself until a change
					w.leave()
					solo, settle = true, true
				}
				continue
			}
			if err := s.check("watch"); err != nil {
				yield(sealstream.Event{}, err)
				return
			}
			swapped, changed := s.h.logs.changed()
			if !w.catchUp(yield) {
				return
			}
			if !settle {
				w.join(s.done)
				solo = false
				continue
			}
			settle = false
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
