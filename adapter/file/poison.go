package file

import (
	"errors"
	"fmt"
	"os"

	"github.com/sealstream/sealstream"
)

// fail handles the failed write or fsync of the batch written at off: it
// poisons s and cuts the batch off the file. If that truncate fails too,
// the batch may still be in the file, whole: s then keeps the writer lock,
// so that no other writer appends after the batch, and remembers off in
// s.hold, so that its own reads stop there, until repair cuts the batch
// (the next Open of the stream, or Close). It must be called with s.wmu
// and the writer lock held, and releases the lock unless it keeps it.
func (s *stream) fail(expect uint64, off int64, err error) error {
	if errors.Is(err, os.ErrClosed) {
		err = fmt.Errorf("%w: %w", sealstream.ErrClosed, err)
	}
	s.mu.Lock()
	s.busy = false
	s.poison = err
	terr := s.a.fs.truncate(s.f, s.name, off)
	if terr != nil {
		s.hold = off
	}
	s.mu.Unlock()
	if terr != nil {
		s.a.keepHeld(s)
		err = fmt.Errorf("%w; cutting the failed batch failed too, it is cut on the next open: %v", err, terr)
	} else {
		s.unlock()
		s.a.detach(s)
	}
	return fmt.Errorf("file: stream %q: append at version %d: %w; %w", s.id, expect, err, ErrPoisoned)
}

// repair cuts the failed batch a held stream keeps past s.hold, keeping
// the cut bytes in "<file>.broken" and reporting it like a torn tail, then
// releases the writer lock. It does nothing for a stream that holds no
// failed batch. It must be called with s.wmu held.
func (s *stream) repair() error {
	s.mu.Lock()
	if s.hold < 0 || s.closed {
		s.mu.Unlock()
		return nil
	}
	var rec Recovery
	fi, err := s.f.Stat()
	switch {
	case err != nil:
		err = s.ioErr("stat", err)
	case fi.Size() > s.hold:
		rec, err = s.cut(&torn{off: s.hold, size: fi.Size(), reason: "batch of a failed append"})
	}
	if err == nil {
		s.hold = -1
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%w (cutting the batch of a failed append)", err)
	}
	s.unlock()
	if rec.File != "" {
		s.a.report([]Recovery{rec})
	}
	return nil
}

// writable reports why s takes no more appends, if it does not. It must be
// called with s.wmu held.
func (s *stream) writable() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return fmt.Errorf("file: stream %q: append: %w", s.id, sealstream.ErrClosed)
	}
	if s.poison != nil {
		return fmt.Errorf("file: stream %q: append: %w (first failure: %v)", s.id, ErrPoisoned, s.poison)
	}
	return nil
}

// keepHeld makes s, which holds a failed batch, the state the next Open of
// its stream repairs.
func (a *Adapter) keepHeld(s *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.forget(s)
	a.held[s.id] = s
}

// repairHeld cuts the failed batch of the stream streamID that the adapter
// holds, if any (see repair), and closes that state's files if it has no
// handle left.
func (a *Adapter) repairHeld(streamID string) error {
	a.mu.Lock()
	h := a.held[streamID]
	a.mu.Unlock()
	if h == nil {
		return nil
	}
	h.wmu.Lock()
	err := h.repair()
	h.wmu.Unlock()
	if err != nil {
		return err
	}
	a.mu.Lock()
	if a.held[streamID] == h {
		delete(a.held, streamID)
	}
	_, open := a.open[h]
	a.mu.Unlock()
	if open {
		return nil
	}
	return h.closeFiles()
}

// detach makes the next Open of s's stream start afresh, after s was
// poisoned. Handles already open keep s.
func (a *Adapter) detach(s *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.forget(s)
}

func (a *Adapter) forget(s *stream) {
	if a.streams[s.id] == s {
		delete(a.streams, s.id)
		delete(a.byName, s.name)
	}
}
