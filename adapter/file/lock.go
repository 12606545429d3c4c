package file

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/sealstream/sealstream"
)

// lock takes the stream's writer lock, an exclusive advisory lock on
// "<file>.lock" that every process appending to the stream respects. A
// writer WAITS while another holds it, polling with a backoff of up to
// 5ms, until it gets the lock, ctx ends (then it returns ctx's error) or
// the stream is closed (an error matching [sealstream.ErrClosed]).
// Locks are per open file, so they also exclude other adapters and
// handles of the same process.
func (s *stream) lock(ctx context.Context) error {
	delay := 20 * time.Microsecond
	var timer *time.Timer
	for {
		ok, err := tryLock(s.lockf)
		if err != nil {
			return s.ioErr("lock", err)
		}
		if ok {
			if err := s.lockCurrent(); err != nil {
				s.unlock()
				return err
			}
			return nil
		}
		if timer == nil {
			timer = time.NewTimer(delay)
			defer timer.Stop()
		} else {
			timer.Reset(delay)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("file: stream %q: waiting for the writer lock: %w", s.id, ctx.Err())
		case <-s.closing:
			return fmt.Errorf("file: stream %q: waiting for the writer lock: %w", s.id, sealstream.ErrClosed)
		case <-timer.C:
		}
		delay = min(2*delay, 5*time.Millisecond)
	}
}

func (s *stream) unlock() {
	// An unlock can only fail on a closed file, whose lock is gone anyway.
	_ = unlock(s.lockf)
}

// waitLock takes the lock on f, polling, until ctx ends.
func waitLock(ctx context.Context, f *os.File) error {
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := tryLock(f)
		if ok || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}
