package mem

import (
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// chunkSize is the number of records per chunk. Records are kept in
// chunks so that a growing log never copies more than one chunk. The
// chunk being filled starts small and grows by append, so a stream costs
// memory in proportion to its records; a reader's snapshot keeps the
// backing array it saw, whose records never change.
const chunkSize = 4096

// firstChunk is the capacity a new chunk starts with.
const firstChunk = 4

// store is the shared state of one stream.
type store struct {
	mu     sync.RWMutex
	chunks [][]codec.Record // full chunks, then the filling one
	n      uint64
	bytes  int64
	erased bool // set by Erase: the handles on it are closed
	signal adapter.Signal
}

func (s *store) at(i uint64) *codec.Record { return &s.chunks[i/chunkSize][i%chunkSize] }

func (s *store) add(r codec.Record) {
	if s.n%chunkSize == 0 {
		s.chunks = append(s.chunks, make([]codec.Record, 0, firstChunk))
	}
	c := &s.chunks[len(s.chunks)-1]
	*c = append(*c, r)
	s.n++
}

// snapshot returns the chunks holding the first n records. Chunks are
// append-only, so they can be read without the lock.
func (l *log) snapshot() (chunks [][]codec.Record, n uint64) {
	l.s.mu.RLock()
	defer l.s.mu.RUnlock()
	chunks = make([][]codec.Record, len(l.s.chunks))
	for i, c := range l.s.chunks {
		chunks[i] = c[:len(c):len(c)]
	}
	return chunks, l.s.n
}
