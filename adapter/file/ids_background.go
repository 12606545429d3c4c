package file

import (
	"context"
	"time"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/idindex"
)

// maxIDQueue bounds the entries queued for the background indexer (about
// 4 MiB): past it, the indexer reads the older IDs back from the log.
const maxIDQueue = 64 * idSlack

// appended queues the event IDs of recs, just appended, for the index, and
// starts the background indexer when the index has fallen more than
// idSlack records behind, unless it runs already. Queued IDs spare the
// indexer reading the records back.
func (s *stream) appended(recs []codec.Record) {
	head := recs[len(recs)-1].Version
	s.ids.qmu.Lock()
	q := s.ids.queue
	if n := len(q); n > 0 && q[n-1].Version+1 != recs[0].Version {
		q = nil // others appended between: the log is read for theirs
	}
	for i := range recs {
		q = append(q, idindex.Entry{ID: recs[i].ID, Version: recs[i].Version})
	}
	if len(q) > maxIDQueue { // keep the newer half; the indexer reads the rest from the log
		q = append(make([]idindex.Entry, 0, maxIDQueue), q[len(q)-maxIDQueue/2:]...)
	}
	s.ids.queue = q
	s.ids.qmu.Unlock()
	if head <= s.ids.covered.Load()+idSlack || !s.ids.running.CompareAndSwap(false, true) {
		return
	}
	s.ids.wg.Add(1)
	go func() {
		defer s.ids.wg.Done()
		defer s.ids.running.Store(false)
		s.indexInBackground(closingContext{s.closing})
	}()
}

// indexInBackground brings the index up to the head, a chunk of 4*idSlack
// records at a time so that a Find waits for one chunk at most, resting
// between chunks and while Reads run in this process. Errors are left for the next Find to meet and report.
func (s *stream) indexInBackground(ctx context.Context) {
	for ctx.Err() == nil {
		if s.reads.Load() > 0 { // a reader in this process goes first
			select {
			case <-ctx.Done():
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		start := time.Now()
		hd, err := (&log{s: s}).Head(ctx)
		if err != nil || hd.Version <= s.ids.covered.Load() {
			return
		}
		s.ids.mu.Lock()
		covered := s.ids.covered.Load()
		m, _, err := s.idIndex().Update(ctx, s.idEntries, s.idMarkValid, min(hd.Version, covered+4*idSlack), 0, nil)
		if err == nil {
			s.indexed(m.Version)
		}
		s.ids.mu.Unlock()
		if err != nil || m.Version <= covered {
			return
		}
		// Rest as long as the chunk took: the index then takes at most half
		// a core and half the syncs from the appends and reads going on.
		select {
		case <-ctx.Done():
		case <-time.After(time.Since(start)):
		}
	}
}

// indexed records the index's mark and drops the queued IDs it covers.
func (s *stream) indexed(mark uint64) {
	s.ids.covered.Store(mark)
	s.ids.qmu.Lock()
	defer s.ids.qmu.Unlock()
	q := s.ids.queue
	i := 0
	for i < len(q) && q[i].Version <= mark {
		i++
	}
	s.ids.queue = append(q[:0:0], q[i:]...)
}

// closingContext is done once the stream starts closing.
type closingContext struct{ done <-chan struct{} }

func (c closingContext) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c closingContext) Done() <-chan struct{}       { return c.done }
func (c closingContext) Value(any) any               { return nil }
func (c closingContext) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}
