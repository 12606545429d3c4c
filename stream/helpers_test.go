package stream_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		if w, _ := strconv.Atoi(os.Getenv(killEnv)); w > 0 {
			os.Exit(killChild(dir, w))
		}
		os.Exit(fileChild(dir))
	}
	goleak.VerifyTestMain(m)
}

// spy wraps the in-memory adapter and records what the store asks of it.
type spy struct {
	*mem.Adapter
	mu     sync.Mutex
	opened map[string]int
	closed map[string]int
	logs   map[string]adapter.Log
	before func() // run before every Append, if set
}

func (s *spy) setBeforeAppend(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.before = f
}

func newSpy() *spy {
	return &spy{Adapter: mem.New(), opened: map[string]int{}, closed: map[string]int{}, logs: map[string]adapter.Log{}}
}

func (s *spy) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := s.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opened[id]++
	s.logs[id] = l
	return &spyLog{Log: l, spy: s, id: id}, nil
}

func (s *spy) counts(id string) (opened, closed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened[id], s.closed[id]
}

// records returns what the adapter stores for id.
func (s *spy) records(t *testing.T, id string) []codec.Record {
	t.Helper()
	l, err := s.Adapter.Open(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []codec.Record
	for r, err := range l.Read(context.Background(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

type spyLog struct {
	adapter.Log
	spy *spy
	id  string
}

func (l *spyLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	l.spy.mu.Lock()
	f := l.spy.before
	l.spy.mu.Unlock()
	if f != nil {
		f()
	}
	return l.Log.Append(ctx, expect, recs)
}

func (l *spyLog) Close() error {
	l.spy.mu.Lock()
	l.spy.closed[l.id]++
	l.spy.mu.Unlock()
	return l.Log.Close()
}

func (s *spy) opener() stream.Opener {
	return func(context.Context, string) (adapter.Adapter, error) { return s, nil }
}

// writer is the identity test stores write as, unless a test sets its own.
var writer = func() *keyset.Identity {
	w, err := keyset.NewIdentity("test-writer")
	if err != nil {
		panic(err)
	}
	return w
}()

// newStore returns an encrypted in-memory store closed at the end of the
// test, writing as writer unless cfg names another.
func newStore(t *testing.T, cfg stream.Config) *stream.Store {
	t.Helper()
	if cfg.Keys == nil && !cfg.Plaintext {
		cfg.Keys = keyset.NewMemory()
	}
	if cfg.Writer == nil {
		cfg.Writer = writer
	}
	st, err := stream.NewStore(context.Background(), cfg)
	if err != nil {
		t.Fatalf("NewStore() = %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func openCount(t *testing.T, st *stream.Store, id string) *stream.Stream[int] {
	t.Helper()
	s, err := stream.Open(context.Background(), st, id, fold.Count(), 0)
	if err != nil {
		t.Fatalf("Open(%q) = %v", id, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func ev(typ, data string) sealstream.Event {
	return sealstream.Event{Type: typ, Data: []byte(data)}
}

func mustAppend[S any](t *testing.T, s *stream.Stream[S], events ...sealstream.Event) uint64 {
	t.Helper()
	v, err := s.Append(context.Background(), events)
	if err != nil {
		t.Fatalf("Append() = %v", err)
	}
	return v
}

// collectN reads n states from seq and fails on an error.
func collectN[S any](t *testing.T, seq func(func(S, error) bool), n int) []S {
	t.Helper()
	var out []S
	if n == 0 {
		return out
	}
	for s, err := range seq {
		if err != nil {
			t.Fatalf("after %d states: %v", len(out), err)
		}
		out = append(out, s)
		if len(out) == n {
			break
		}
	}
	return out
}
