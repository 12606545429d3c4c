package mem

import (
	"math/bits"
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// chunkSize is the number of records per chunk past the first chunkSize
// records. Records are kept in chunks that are allocated at their final
// size and never copied: the first chunks are small, 4, 4, 8, 16, … 2,048
// records (together chunkSize), so that a stream costs memory in
// proportion to its records, and a reader's snapshot of them stays valid
// as the log grows.
const chunkSize = 4096

// firstChunk is the size of the first chunk.
const firstChunk = 4

// locate returns the chunk and the index in it of record i (0-based).
func locate(i uint64) (int, uint64) {
	switch {
	case i >= chunkSize:
		return bits.Len64(chunkSize) - 3 + int(i/chunkSize), i % chunkSize
	case i < firstChunk:
		return 0, i
	}
	n := bits.Len64(i) // record i is in the chunk of the records from 1<<(n-1) to 1<<n
	return n - 2, i - 1<<(n-1)
}

// sizeOf returns the size of chunk k.
func sizeOf(k int) int {
	switch {
	case k == 0:
		return firstChunk
	case k >= bits.Len64(chunkSize)-2:
		return chunkSize
	}
	return 1 << (k + 1)
}

// store is the shared state of one stream.
type store struct {
	mu     sync.RWMutex
	chunks [][]codec.Record // full chunks, then the filling one
	n      uint64
	bytes  int64
	erased bool // set by Erase: the handles on it are closed
	signal adapter.Signal
}

func (s *store) at(i uint64) *codec.Record {
	k, j := locate(i)
	return &s.chunks[k][j]
}

func (s *store) add(r codec.Record) {
	k, j := locate(s.n)
	if j == 0 {
		s.chunks = append(s.chunks, make([]codec.Record, 0, sizeOf(k)))
	}
	c := &s.chunks[k]
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
