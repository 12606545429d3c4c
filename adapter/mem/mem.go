package mem

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// Adapter keeps logs in memory. It is safe for concurrent use.
type Adapter struct {
	mu     sync.Mutex
	logs   map[string]*store
	closed bool
	feed   feed
}

// New returns an empty in-memory adapter.
func New() *Adapter { return &Adapter{logs: map[string]*store{}} }

// Open returns the log of streamID, creating it empty if needed.
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("mem: open %q: %w", streamID, sealstream.ErrClosed)
	}
	s, ok := a.logs[streamID]
	if !ok {
		s = &store{}
		a.logs[streamID] = s
	}
	return &log{s: s, a: a, id: streamID}, nil
}

// Close drops every log; handles opened from a then return ErrClosed.
func (a *Adapter) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	for _, s := range a.logs {
		s.signal.Notify()
	}
	a.logs = nil
	a.feed.close()
	return nil
}

func (a *Adapter) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// log is one handle on a store.
type log struct {
	id     string
	s      *store
	a      *Adapter
	mu     sync.Mutex
	closed bool
}

func (l *log) check(op string) error {
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed || l.a.isClosed() || l.s.isErased() {
		return fmt.Errorf("mem: %s: %w", op, sealstream.ErrClosed)
	}
	return nil
}

func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.check("append"); err != nil {
		return err
	}
	s := l.s
	s.mu.Lock()
	if s.erased {
		s.mu.Unlock()
		return fmt.Errorf("mem: append: stream erased: %w", sealstream.ErrClosed)
	}
	head := s.n
	if head != expect {
		s.mu.Unlock()
		return fmt.Errorf("mem: append at %d, head is %d: %w", expect, head, sealstream.ErrConflict)
	}
	for i := range recs {
		if recs[i].Version != expect+uint64(i)+1 {
			s.mu.Unlock()
			return fmt.Errorf("mem: append: record %d has version %d, want %d: %w",
				i, recs[i].Version, expect+uint64(i)+1, sealstream.ErrIntegrity)
		}
	}
	for i := range recs {
		s.bytes += int64(recs[i].Size())
		s.add(recs[i])
	}
	if len(recs) > 0 {
		l.a.feed.add(l.id, expect+1, s.n)
	}
	s.mu.Unlock()
	if len(recs) > 0 {
		s.signal.Notify()
	}
	return nil
}

func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		if err := l.check("read"); err != nil {
			yield(codec.Record{}, err)
			return
		}
		chunks, n := l.snapshot()
		for i := max(from, 1) - 1; i < n; i++ {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					yield(codec.Record{}, err)
					return
				}
			}
			k, j := locate(i)
			if !yield(chunks[k][j], nil) {
				return
			}
		}
	}
}

func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := l.check("head"); err != nil {
		return adapter.Head{}, err
	}
	l.s.mu.RLock()
	defer l.s.mu.RUnlock()
	h := adapter.Head{Version: l.s.n, Bytes: l.s.bytes}
	if h.Version > 0 {
		h.Last = *l.s.at(h.Version - 1)
	}
	return h, nil
}

func (l *log) Changed() <-chan struct{} {
	if l.s.isErased() {
		return closedChan
	}
	return l.s.signal.C()
}

func (l *log) Close() error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	return nil
}
