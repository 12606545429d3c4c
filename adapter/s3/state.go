package s3

import (
	"cmp"
	"slices"
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// pos is a commit a stream is known to hold, as a head.
type pos struct {
	n, first, count uint64
	total           int64        // bytes of commits 1 to n
	last            codec.Record // the stream's last record up to commit n
	lastKnown       bool         // false after a jump onto a void commit
}

// version is the version of the stream's last record up to commit n.
func (p pos) version() uint64 {
	if p.n == 0 {
		return 0
	}
	return p.first + p.count - 1
}

// posOf is the position of commit c; before is the position of a
// commit known to precede it, whose last record c inherits when void.
func posOf(c *commit, before pos) pos {
	p := pos{n: c.n, first: c.first, count: c.count, total: c.total}
	if c.count > 0 {
		p.last, p.lastKnown = c.recs[c.count-1], true
	} else if before.n == c.n-1 {
		p.last, p.lastKnown = before.last, before.lastKnown
	}
	return p
}

// maxMarks bounds the commit positions a stream remembers.
const maxMarks = 4096

// mark is where a commit starts: its number and first version.
type mark struct{ n, first uint64 }

// stream is the state that the logs of one stream in one adapter share:
// the newest head seen, where commits start, the change signal.
type stream struct {
	id   string
	keys streamKeys
	refs int // open logs; guarded by Adapter.mu

	// writes is held for reading by each append, and for writing by Erase,
	// which so waits for the appends in flight.
	writes sync.RWMutex

	mu      sync.Mutex
	head    pos
	hinted  bool // the hint was read, or a head found without it
	marks   []mark
	erased  bool
	watched bool // a Changed channel is out: the poller checks the stream
	signal  adapter.Signal
}

// known returns the newest head seen.
func (s *stream) known() pos {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.head
}

// advance records head p if it is newer than the one known, firing the
// change signal; it returns the newest head.
func (s *stream) advance(p pos) pos {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hinted = true
	if p.n > s.head.n {
		if !p.lastKnown && p.n == s.head.n+1 {
			p.last, p.lastKnown = s.head.last, s.head.lastKnown
		}
		s.head = p
		s.watched = false
		s.signal.Notify()
	}
	return s.head
}

// mark remembers where commit c starts.
func (s *stream) mark(c *commit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, found := slices.BinarySearchFunc(s.marks, c.n, func(m mark, n uint64) int { return cmp.Compare(m.n, n) })
	if found {
		return
	}
	s.marks = slices.Insert(s.marks, i, mark{c.n, c.first})
	if len(s.marks) > maxMarks { // keep every other one: the search stays logarithmic
		kept := s.marks[:0]
		for j := 0; j < len(s.marks); j += 2 {
			kept = append(kept, s.marks[j])
		}
		s.marks = kept
	}
}

// bounds returns the newest known commit starting at or before version v
// and the oldest known one starting after it (n 0: none known).
func (s *stream) bounds(v uint64) (lo, hi mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	lo = mark{1, 1} // commit 1 starts at version 1
	for _, m := range s.marks {
		if m.first <= v {
			lo = m
		} else {
			return lo, m
		}
	}
	return lo, mark{}
}

// watch notes that a Changed channel is out and returns it; an erased
// stream's is closed.
func (s *stream) watch() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.erased {
		return closedChan
	}
	s.watched = true
	return s.signal.C()
}

func (s *stream) isWatched() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.watched && !s.erased
}

func (s *stream) isErased() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.erased
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()
