package file

import (
	"errors"
	"os"
)

// Close stops the watcher and closes every file, after waiting for the
// appends in flight to end (an append still waiting for the writer lock
// gives up); handles opened from the adapter then return errors matching
// [sealstream.ErrClosed], and their Changed channels are closed. A failed
// batch the adapter still holds (see the package doc) is cut first.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed.Swap(true) {
		a.mu.Unlock()
		return nil
	}
	states := make([]*stream, 0, len(a.open)+len(a.held))
	for s := range a.open {
		states = append(states, s)
	}
	for _, s := range a.held {
		if _, ok := a.open[s]; !ok {
			states = append(states, s)
		}
	}
	a.streams, a.byName, a.open, a.held = map[string]*stream{}, map[string]*stream{}, map[*stream]struct{}{}, map[string]*stream{}
	a.mu.Unlock()
	close(a.done)
	a.stopFeed()
	a.wg.Wait()
	var errs []error
	if a.fsw != nil {
		errs = append(errs, a.fsw.Close())
	}
	for _, s := range states {
		errs = append(errs, s.closeFiles())
		s.signal.Notify()
	}
	errs = append(errs, a.closeFeed(), a.fs.root.Close())
	return errors.Join(errs...)
}

// release drops one handle of s, closing its files with the last one,
// unless s holds a failed batch: the next Open or Close cuts it first.
func (a *Adapter) release(s *stream) error {
	a.mu.Lock()
	if s.refs--; s.refs > 0 {
		a.mu.Unlock()
		return nil
	}
	a.forget(s)
	_, open := a.open[s]
	delete(a.open, s)
	held := a.held[s.id] == s
	a.mu.Unlock()
	if !open || held {
		return nil
	}
	return s.closeFiles()
}

// closeFiles closes the stream's files, once: it wakes an append waiting
// for the writer lock, waits for an append in flight to end, cuts a failed
// batch the stream holds (see repair), saves the offset sidecar if it is
// due and the writer lock is free (see closeSave), then closes the file
// and the lock file, which releases the lock even if that cut failed. It
// must not be called with a.mu held.
func (s *stream) closeFiles() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.stopBackground()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.closeTable()
	err := s.repair()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return err
	}
	if err == nil {
		s.closeSave()
	}
	s.closed = true
	for _, f := range []*os.File{s.f, s.lockf} {
		if f != nil {
			_ = f.Close()
		}
	}
	return err
}
