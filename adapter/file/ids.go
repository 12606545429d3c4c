package file

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
	"time"

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
}

var _ adapter.Finder = (*log)(nil)

// Find returns the version of the record holding each of idList, or 0
// (see [adapter.Finder]). It looks the IDs up in the stream's index file,
// bringing the index up to date first when it is more than idSlack
// records behind, and reads the records after its mark itself.
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
	s.ids.covered.Store(m.Version)
	missing := map[string][]int{}
	for i, v := range at {
		if v == 0 {
			missing[idList[i]] = append(missing[idList[i]], i)
		}
	}
	if len(missing) == 0 || m.Version >= hd.Version {
		return at, nil
	}
	for r, err := range l.Read(ctx, m.Version+1) {
		if err != nil {
			return nil, err
		}
		if r.Version > hd.Version {
			break
		}
		for _, i := range missing[r.ID] {
			at[i] = r.Version
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

// idEntries yields the event IDs of the stream's records from version from.
func (s *stream) idEntries(ctx context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
	return func(yield func(idindex.Entry, error) bool) {
		for r, err := range (&log{s: s}).Read(ctx, from) {
			if !yield(idindex.Entry{ID: r.ID, Version: r.Version}, err) || err != nil {
				return
			}
		}
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

// appended starts the background indexer when the index has fallen more
// than idSlack records behind head, unless it runs already.
func (s *stream) appended(head uint64) {
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
// records at a time so that a Find waits for one chunk at most. Errors
// are left for the next Find to meet and report.
func (s *stream) indexInBackground(ctx context.Context) {
	for ctx.Err() == nil {
		hd, err := (&log{s: s}).Head(ctx)
		if err != nil || hd.Version <= s.ids.covered.Load() {
			return
		}
		s.ids.mu.Lock()
		covered := s.ids.covered.Load()
		m, _, err := s.idIndex().Update(ctx, s.idEntries, s.idMarkValid, min(hd.Version, covered+4*idSlack), 0, nil)
		if err == nil {
			s.ids.covered.Store(m.Version)
		}
		s.ids.mu.Unlock()
		if err != nil || m.Version <= covered {
			return
		}
	}
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
