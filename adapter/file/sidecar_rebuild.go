package file

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
)

// rebuild indexes the whole file again, up to where the index ends, after
// an entry of the sidecar proved wrong at read time, then rewrites the
// sidecar if the writer lock is free (else the offsets stay in memory).
// It does nothing if another rebuild ran since the reader's snapshot,
// which saw seen rebuilds. Damage the scan finds is an error matching
// [sealstream.ErrCorrupt], as on Open, and so is a file that no longer
// holds the indexed records; the index is then left as it was.
func (s *stream) rebuild(ctx context.Context, seen uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rebuilds != seen {
		return nil
	}
	if s.closed {
		return fmt.Errorf("file: stream %q: read: %w", s.id, sealstream.ErrClosed)
	}
	base, offs, end, last, head := s.base, s.offs, s.end, s.last, s.head()
	s.base, s.offs, s.end = 0, nil, s.body
	t, err := s.index(ctx, end)
	if err == nil && (t != nil || s.head() != head || s.end != end) {
		err = s.corrupt(s.head()+1, s.end, "records changed since they were indexed")
	}
	if err != nil {
		s.base, s.offs, s.end, s.last = base, offs, end, last
		return err
	}
	s.rebuilds++
	s.trySave(true)
	return nil
}
