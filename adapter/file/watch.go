package file

import (
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// startWatch starts the adapter's one watcher goroutine. It wakes the
// handles of a stream when fsnotify reports a write to its file, and, as
// a fallback (missed events, file systems without notifications), when a
// poll every PollInterval sees the size of an open stream file change.
// Close stops it.
func (a *Adapter) startWatch() {
	if !a.opts.DisableNotify {
		if w, err := fsnotify.NewWatcher(); err == nil {
			if err := w.Add(a.fs.dir); err == nil {
				a.fsw = w
			} else {
				_ = w.Close()
			}
		}
	}
	if a.fsw != nil || a.opts.PollInterval > 0 {
		a.wg.Go(a.watch)
	}
}

func (a *Adapter) watch() {
	var tick <-chan time.Time
	if a.opts.PollInterval > 0 {
		t := time.NewTicker(a.opts.PollInterval)
		defer t.Stop()
		tick = t.C
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if a.fsw != nil {
		events, errs = a.fsw.Events, a.fsw.Errors
	}
	for {
		select {
		case <-a.done:
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if ev.Has(fsnotify.Write) || ev.Has(fsnotify.Create) {
				a.notifyName(filepath.Base(ev.Name))
			}
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			a.poll() // events may have been dropped
		case <-tick:
			a.poll()
		}
	}
}

func (a *Adapter) notifyName(name string) {
	if name == feedName {
		a.feed.signal.Notify()
		return
	}
	a.mu.Lock()
	s := a.byName[name]
	a.mu.Unlock()
	if s != nil && s.behind() {
		s.signal.Notify()
	}
}

// poll wakes the handles of every open stream whose file size changed
// since the last poll.
func (a *Adapter) poll() {
	a.mu.Lock()
	open := make([]*stream, 0, len(a.open))
	for s := range a.open {
		open = append(open, s)
	}
	a.mu.Unlock()
	if fi, err := a.feed.f.Stat(); err == nil && fi.Size() != a.feed.seen {
		a.feed.seen = fi.Size()
		a.feed.signal.Notify()
	}
	for _, s := range open {
		fi, err := s.f.Stat()
		if err != nil {
			continue // closed meanwhile
		}
		if size := fi.Size(); size != s.seen {
			s.seen = size
			s.signal.Notify()
		}
	}
}
