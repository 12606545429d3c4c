package kg_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/kg"
	"github.com/sealstream/sealstream/stream"
)

// Goroutines folding different events onto one graph at once each get
// their own graph, and the shared one stays as it was (run with -race).
func TestFoldConcurrentBranches(t *testing.T) {
	x := mustRules(t, lifeRules).Extract
	f := kg.Fold(x)
	base := numbered(
		ev("PolicyBought", map[string]string{"policy": "home-42", "by": "acme"}),
		ev("Moved", map[string]string{"to": "1 rue Haute"}),
	)
	g := build(t, base, x)
	before := canon(t, g)
	const n = 16
	got := make([]*kg.Graph, n)
	extra := make([]sealstream.Event, n)
	var wg sync.WaitGroup
	for i := range n {
		extra[i] = ev("ClaimFiled", map[string]any{"claim": i, "policy": "home-42"})
		extra[i].Version = 3
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = f(g, extra[i])
			_ = got[i].PageRank() // index while others append
		}()
	}
	wg.Wait()
	if canon(t, g) != before {
		t.Fatal("folding changed the shared graph")
	}
	for i := range n {
		if want := build(t, append(slices.Clone(base), extra[i]), x); canon(t, got[i]) != canon(t, want) {
			t.Fatalf("branch %d = %s, want %s", i, canon(t, got[i]), canon(t, want))
		}
	}
}

// A graph is a stream's state: ReadAndWatch yields one graph per event,
// each equal to the graph built from the events up to it, and keeping all
// of them (as a consumer may) alters none.
func TestStreamReadAndWatch(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	store, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	x := mustRules(t, lifeRules).Extract
	both := fold.Product(kg.Fold(x), fold.Count())
	s, err := stream.Open(ctx, store, "user-123", both, fold.Pair[*kg.Graph, int]{First: kg.New()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	es := []sealstream.Event{
		ev("PolicyBought", map[string]string{"policy": "home-42", "by": "acme"}),
		ev("ClaimFiled", map[string]string{"claim": "c-1", "policy": "home-42"}),
		ev("Moved", map[string]string{"to": "1 rue Haute"}),
		ev("ClaimPaid", map[string]string{"claim": "c-1"}),
		ev("PolicyEnded", map[string]string{"policy": "home-42"}),
	}
	if _, err := s.Append(ctx, es); err != nil {
		t.Fatal(err)
	}
	var states []fold.Pair[*kg.Graph, int]
	watch, stop := context.WithCancel(ctx)
	for st, err := range s.ReadAndWatch(watch) {
		if err != nil {
			break
		}
		if states = append(states, st); len(states) == len(es) {
			stop()
		}
	}
	stop()
	stored, err := s.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	read, _ := kg.Build(s.Read(ctx), x)
	for i, st := range states {
		want := read.AsOf(uint64(i + 1))
		if st.Second != i+1 || canon(t, st.First) != canon(t, want) {
			t.Fatalf("state %d = %d events, %s; want %s", i+1, st.Second, canon(t, st.First), canon(t, want))
		}
	}
	if canon(t, stored.First) != canon(t, read) || stored.First.FactCount() != 1 {
		t.Fatalf("State = %v, want the one fact of %v", facts(stored.First), facts(read))
	}
}
