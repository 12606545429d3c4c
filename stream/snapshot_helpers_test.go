package stream_test

import (
	"context"
	"iter"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// snapEvery is the snapshot interval of these tests: a stream of 35
// events has its snapshot at 30.
const snapEvery = 10

// snapSum is a fold whose state depends on the events' content: the total
// length of their data.
var snapSum fold.Fold[int] = func(n int, e sealstream.Event) int { return n + len(e.Data) }

// snapLab is an in-memory location shared by the stores a test opens on it (a
// store's Close leaves it), which counts the records read from each log.
type snapLab struct {
	t    *testing.T
	raw  adapter.Adapter
	keys stream.Keys
	cfg  stream.Config

	mu   sync.Mutex
	read map[string]int
}

func newSnapLab(t *testing.T, cfg stream.Config) *snapLab { return newSnapLabOn(t, cfg, mem.New()) }

// newSnapLabOn is newSnapLab on the location of raw, which it closes.
func newSnapLabOn(t *testing.T, cfg stream.Config, raw adapter.Adapter) *snapLab {
	l := &snapLab{t: t, raw: raw, read: map[string]int{}, cfg: cfg}
	t.Cleanup(func() { _ = l.raw.Close() })
	if cfg.Keys == nil && !cfg.Plaintext {
		l.cfg.Keys = keyset.NewMemory()
	}
	l.keys = l.cfg.Keys
	l.cfg.Opener = func(context.Context, string) (adapter.Adapter, error) { return snapLabAdapter{l.raw, l}, nil }
	return l
}

// store opens a store on the location; the test closes it.
func (l *snapLab) store() *stream.Store { return newStore(l.t, l.cfg) }

// open opens stream id of st with the snapSum fold and snapshots named name.
func (l *snapLab) open(st *stream.Store, id, name string) *stream.Stream[int] {
	l.t.Helper()
	s, err := stream.Open(context.Background(), st, id, snapSum, 0, stream.Snapshots[int](name, snapEvery))
	if err != nil {
		l.t.Fatalf("Open(%q) = %v", id, err)
	}
	l.t.Cleanup(func() { _ = s.Close() })
	return s
}

// reads returns how many records were read from log id since the last call.
func (l *snapLab) reads(id string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.read[id]
	delete(l.read, id)
	return n
}

// snapFill appends n events to s, with data of size bytes, and returns their sum.
func snapFill(t *testing.T, s *stream.Stream[int], n, size int) int {
	t.Helper()
	es := make([]sealstream.Event, n)
	for i := range es {
		es[i] = sealstream.Event{Type: "T", Data: make([]byte, size)}
	}
	mustAppend(t, s, es...)
	return n * size
}

// snapWant checks s's State.
func snapWant(t *testing.T, s *stream.Stream[int], want int) {
	t.Helper()
	if got, err := s.State(context.Background()); err != nil || got != want {
		t.Fatalf("State() = %d, %v, want %d", got, err, want)
	}
}

// rawLog opens log id straight from the location.
func (l *snapLab) rawLog(id string) adapter.Log {
	l.t.Helper()
	lg, err := l.raw.Open(context.Background(), id)
	if err != nil {
		l.t.Fatal(err)
	}
	return lg
}

// records returns the records of log id.
func (l *snapLab) records(id string) []codec.Record {
	l.t.Helper()
	var out []codec.Record
	for r, err := range l.rawLog(id).Read(context.Background(), 1) {
		if err != nil {
			l.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// push appends rec at the end of log id, as a storage attacker could.
func (l *snapLab) push(id string, rec codec.Record) {
	l.t.Helper()
	lg := l.rawLog(id)
	hd, err := lg.Head(context.Background())
	if err != nil {
		l.t.Fatal(err)
	}
	rec.Version = hd.Version + 1
	if err := lg.Append(context.Background(), hd.Version, []codec.Record{rec}); err != nil {
		l.t.Fatal(err)
	}
}

// snapshots returns the records of the snapshot log of stream id and name.
func (l *snapLab) snapshots(id, name string) []codec.Record {
	return l.records(stream.SnapshotLogID(id, name))
}

// fromSnapshot checks that State of s, at head, is want and reads only the
// snapshot's record and the events after it (at most tail of them).
func (l *snapLab) fromSnapshot(s *stream.Stream[int], want, tail int) {
	l.t.Helper()
	l.reads(s.ID())
	snapWant(l.t, s, want)
	if n := l.reads(s.ID()); n > 1+tail {
		l.t.Fatalf("State read %d records of the stream, want at most %d", n, 1+tail)
	}
}

// snapLabAdapter counts the records read from each log and outlives a store.
type snapLabAdapter struct {
	adapter.Adapter
	l *snapLab
}

func (a snapLabAdapter) Close() error { return nil }

func (a snapLabAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	lg, err := a.Adapter.Open(ctx, id)
	return snapCountedLog{lg, a.l, id}, err
}

type snapCountedLog struct {
	adapter.Log
	l  *snapLab
	id string
}

func (c snapCountedLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		for r, err := range c.Log.Read(ctx, from) {
			c.l.mu.Lock()
			c.l.read[c.id]++
			c.l.mu.Unlock()
			if !yield(r, err) {
				return
			}
		}
	}
}
