package stream_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// readCounter wraps the file adapter and counts the records its logs
// yield; its logs pass Find on ("finder"), hide it ("none"), or answer
// that they have no index after all ("unsupported").
type readCounter struct {
	*file.Adapter
	finder string
	read   atomic.Int64
}

func (a *readCounter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &countedLog{Log: l, n: &a.read}
	switch a.finder {
	case "finder":
		return findingLog{c}, nil
	case "unsupported":
		return unsupportedLog{c}, nil
	}
	return c, nil
}

type countedLog struct {
	adapter.Log
	n *atomic.Int64
}

func (l *countedLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		for r, err := range l.Log.Read(ctx, from) {
			l.n.Add(1)
			if !yield(r, err) {
				return
			}
		}
	}
}

type findingLog struct{ *countedLog }

func (l findingLog) Find(ctx context.Context, ids []string) ([]uint64, error) {
	return l.Log.(adapter.Finder).Find(ctx, ids)
}

type unsupportedLog struct{ *countedLog }

func (unsupportedLog) Find(context.Context, []string) ([]uint64, error) {
	return nil, fmt.Errorf("no index here: %w", errors.ErrUnsupported)
}

// A log with an index of its own answers the duplicate check: an append
// with caller-supplied IDs reads the records it compares, not the history.
// A log without one, or one answering errors.ErrUnsupported, gets the
// stream's own index, built from the whole history, with the same answers.
func TestIDCheckUsesTheLogsIndex(t *testing.T) {
	for _, finder := range []string{"finder", "none", "unsupported"} {
		t.Run(finder, func(t *testing.T) {
			ctx := context.Background()
			a, err := file.Open(ctx, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			rc := &readCounter{Adapter: a, finder: finder}
			cfg := stream.Config{Keys: keyset.NewMemory(), Opener: func(context.Context, string) (adapter.Adapter, error) { return rc, nil }}
			st := newStore(t, cfg)
			s, err := stream.Open(ctx, st, "s", fold.Count(), 0)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			const n = 3000
			events := make([]sealstream.Event, n)
			for i := range events {
				events[i] = sealstream.Event{ID: fmt.Sprintf("e%d", i+1), Type: "T", Data: []byte("x")}
			}
			if _, err := s.Append(ctx, events); err != nil {
				t.Fatal(err)
			}
			// A new store: the history was written before its handle.
			st = newStore(t, cfg)
			if s, err = stream.Open(ctx, st, "s", fold.Count(), 0); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rc.read.Store(0)
			v, err := s.Append(ctx, events[9:10]) // already stored: a no-op
			if err != nil || v != 10 {
				t.Fatalf("append again: v=%d err=%v, want 10", v, err)
			}
			other := events[9]
			other.Data = []byte("y")
			if _, err := s.Append(ctx, []sealstream.Event{other}); !errors.Is(err, sealstream.ErrIDConflict) {
				t.Fatalf("other content: %v, want ErrIDConflict", err)
			}
			read := rc.read.Load()
			if finder == "finder" && read > 10 || finder != "finder" && read < n {
				t.Fatalf("read %d records", read)
			}
		})
	}
}
