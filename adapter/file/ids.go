package file

import (
	"context"
	"iter"
	"math"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/internal/idindex"
)

// idSlack is how many records past the index's mark a Find reads itself
// rather than index first, and how far the index may fall behind before
// the adapter brings it up to date in the background.
const idSlack = 1024

// idsSuffix ends the name of a stream's event-ID index file.
const idsSuffix = ".ids"

// ids is the state of a stream's event-ID index, "<file>.ids" (see
// package idindex), in this process.
type ids struct {
	mu      sync.Mutex // serializes this process's use of the index file
	x       *idindex.Index
	covered atomic.Uint64 // the index's mark as last seen here
	running atomic.Bool   // the background indexer runs
	wg      sync.WaitGroup

	qmu   sync.Mutex
	queue []idindex.Entry // what this process appended past the mark, in order
}

var _ adapter.Finder = (*log)(nil)

// Find returns the version of the record holding each of idList, or 0
// (see [adapter.Finder]). It looks the IDs up in the stream's index file,
// bringing the index up to date first when it is more than idSlack
// records behind, and looks through the IDs after its mark itself: those
// this process appended from memory, the others from the log.
func (l *log) Find(ctx context.Context, idList []string) ([]uint64, error) {
	s, err := l.live("find")
	if err != nil {
		return nil, err
	}
	hd, err := l.Head(ctx) // takes in what other processes appended
	if err != nil {
		return nil, err
	}
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	m, at, err := s.idIndex().Update(ctx, s.idEntries, s.idMarkValid, hd.Version, idSlack, idList)
	if err != nil {
		return nil, s.ioErr("event ID index", err)
	}
	s.indexed(m.Version)
	missing := map[string][]int{}
	for i, v := range at {
		if v == 0 {
			missing[idList[i]] = append(missing[idList[i]], i)
		}
	}
	if len(missing) == 0 || m.Version >= hd.Version {
		return at, nil
	}
	for e, err := range s.idEntries(ctx, m.Version+1) { // the queue, else the log
		if err != nil {
			return nil, err
		}
		if e.Version > hd.Version {
			break
		}
		for _, i := range missing[e.ID] {
			at[i] = e.Version
		}
	}
	return at, nil
}

// idIndex returns the stream's index, made at first use.
func (s *stream) idIndex() *idindex.Index {
	if s.ids.x == nil {
		s.ids.x = idindex.New(s.a.fs.root, s.name+idsSuffix, s.id)
	}
	return s.ids.x
}

// idEntries yields the event IDs of the stream's records from version
// from: from the queue of what this process appended where it holds
// them, from the log before and after it.
func (s *stream) idEntries(ctx context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
	return func(yield func(idindex.Entry, error) bool) {
		s.ids.qmu.Lock()
		q := s.ids.queue // contiguous versions; read only
		s.ids.qmu.Unlock()
		next := from
		fromLog := func(until uint64) bool { // false: stop
			for r, err := range (&log{s: s}).Read(ctx, next) {
				if err == nil && r.Version > until {
					return true
				}
				if !yield(idindex.Entry{ID: r.ID, Version: r.Version}, err) || err != nil {
					return false
				}
				next = r.Version + 1
			}
			return true
		}
		if len(q) == 0 || q[len(q)-1].Version < next {
			fromLog(math.MaxUint64)
			return
		}
		if q[0].Version > next && (!fromLog(q[0].Version-1) || next != q[0].Version) {
			return
		}
		for _, e := range q[next-q[0].Version:] {
			if !yield(e, nil) {
				return
			}
			next++
		}
		fromLog(math.MaxUint64)
	}
}

// idMarkValid reports whether the stream still holds the index's mark.
func (s *stream) idMarkValid(ctx context.Context, m idindex.Mark) (bool, error) {
	for r, err := range (&log{s: s}).Read(ctx, m.Version) {
		if err != nil {
			return false, err
		}
		return r.Version == m.Version && r.ID == m.ID, nil
	}
	return false, nil // the log is shorter
}
