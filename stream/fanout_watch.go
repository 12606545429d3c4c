package stream

import (
	"bytes"
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/fanout"
)

// watcher is the state of one Watch: its cursor is where it is in the
// chain, whether it reads by itself or follows its handle's feed.
type watcher struct {
	h     *handle
	ctx   context.Context
	rc    *readConfig
	cur   *cursor
	ended func() error // why the watch ends once halt is closed

	filtered bool                   // rc has a Where filter
	ring     *fanout.Ring[*fanItem] // nil unless joined
	quit     func()
	skips    *fanItem // the last item walked without opening it, if any

	// halt is closed once ctx is done or the stream or store closed: live
	// watchers wait on it and on the feed rather than on those channels,
	// which all the watchers of a stream share. A goroutine of the
	// watcher's own closes it; exit ends that goroutine.
	halt, exit, idle chan struct{}
}

// catchUp yields the events from the watcher's position to the head, read
// and opened by itself with keys fetched for the read, as a Read does. It
// returns false when the watcher must end.
func (w *watcher) catchUp(yield func(sealstream.Event, error) bool) bool {
	o, err := w.h.opener(w.ctx, w.rc.as)
	if err != nil {
		yield(sealstream.Event{}, wrap(w.h.id, "watch", err))
		return false
	}
	for e, err := range w.cur.events(w.ctx, w.rc, o) {
		if !yield(e, wrap(w.h.id, "watch", err)) || err != nil {
			return false
		}
	}
	return true
}

// join subscribes the watcher to its handle's feed unless it is; done is
// its stream's.
func (w *watcher) join(done <-chan struct{}) {
	if w.ring == nil {
		w.ring, w.quit = w.h.feed().Join(w.cur.next)
	}
	if w.halt != nil {
		return
	}
	w.halt, w.exit, w.idle = make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(w.idle)
		select {
		case <-w.ctx.Done():
		case <-done:
		case <-w.h.store.done:
		case <-w.exit:
			return
		}
		close(w.halt)
	}()
}

// stop unsubscribes the watcher and ends its goroutine, if any.
func (w *watcher) stop() {
	w.leave()
	if w.exit != nil {
		close(w.exit)
		<-w.idle
	}
}

// leave unsubscribes the watcher, if it is subscribed.
func (w *watcher) leave() {
	if w.quit != nil {
		w.quit()
		w.ring, w.quit = nil, nil
	}
}

// live yields the events of the feed from the watcher's position, until
// the feed has nothing more ([fanout.Pending]) or the watcher can no
// longer follow it ([fanout.Behind], [fanout.Closed]). It returns false
// when the watcher must end.
func (w *watcher) live(yield func(sealstream.Event, error) bool) (fanout.State, bool) {
	c := w.cur
	for {
		select {
		case <-w.halt:
			yield(sealstream.Event{}, w.ended())
			return fanout.Closed, false
		default:
		}
		it, st := w.ring.Get(c.next)
		if st != fanout.Ready {
			if err := w.checkSkipped(); err != nil {
				yield(sealstream.Event{}, wrap(w.h.id, "watch", err))
				return st, false
			}
			return st, true
		}
		r := &it.rec
		if c.primed && !bytes.Equal(r.Prev, c.prev) {
			err := fmt.Errorf("stream %q: version %d does not chain to version %d: %w", w.h.id, r.Version, r.Version-1, sealstream.ErrIntegrity)
			yield(sealstream.Event{}, wrap(w.h.id, "watch", err))
			return st, false
		}
		c.prev, c.primed = append(c.prev[:0], it.hash...), true
		c.next++
		if w.filtered && !w.rc.match(r.Type, r.Metadata) {
			w.skips = it
			continue
		}
		w.skips = nil
		data, err := it.open(w.ctx, w.h, w.rc.as)
		if err != nil && w.rc.skip && skippable(err) {
			continue // authenticated before its access was refused
		}
		if err != nil {
			yield(sealstream.Event{}, wrap(w.h.id, "watch", err))
			return st, false
		}
		if !yield(it.event(data), nil) {
			return st, false
		}
	}
}

// checkSkipped authenticates the last record the watcher walked without
// opening it, as a read does at its end: through the hash chain it vouches
// for the records skipped before it.
func (w *watcher) checkSkipped() error {
	it := w.skips
	if it == nil {
		return nil
	}
	w.skips = nil
	if _, err := it.open(w.ctx, w.h, w.rc.as); err != nil && !skippable(err) {
		return err
	}
	return nil
}
