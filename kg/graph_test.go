package kg_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/kg"
)

// Retractions remove facts from their version on; earlier views and the
// version each edge appeared at stay.
func TestRetractionsAndTimeTravel(t *testing.T) {
	es := numbered(
		ev("PolicyBought", map[string]string{"policy": "home-42", "by": "acme"}), // v1
		ev("ClaimFiled", map[string]string{"claim": "c-1", "policy": "home-42"}), // v2
		ev("ClaimFiled", map[string]string{"claim": "c-1", "policy": "home-42"}), // v3: holds already
		ev("ClaimPaid", map[string]string{"claim": "c-1"}),                       // v4
		ev("PolicyEnded", map[string]string{"policy": "home-42"}),                // v5
		ev("PolicyBought", map[string]string{"policy": "home-42", "by": "acme"}), // v6: back
	)
	g := build(t, es, mustRules(t, lifeRules).Extract)
	want := map[uint64][]string{
		1: {"person -holds-> policy:home-42", "policy:home-42 -issued by-> provider:acme"},
		3: {"person -holds-> policy:home-42", "policy:home-42 -issued by-> provider:acme",
			"person -filed-> claim:c-1", "claim:c-1 -on-> policy:home-42"},
		4: {"person -holds-> policy:home-42", "policy:home-42 -issued by-> provider:acme", "claim:c-1 -on-> policy:home-42"},
		5: nil,
		6: {"person -holds-> policy:home-42", "policy:home-42 -issued by-> provider:acme"},
	}
	for v, w := range want {
		if got := facts(g.AsOf(v)); !slices.Equal(got, w) {
			t.Errorf("as of v%d: %q, want %q", v, got, w)
		}
	}
	if _, ok := g.AsOf(5).Lookup(kg.Ref{Kind: "claim", ID: "c-1"}); ok {
		t.Error("a node without facts is still in the graph")
	}
	for _, e := range g.AsOf(4).Facts() {
		if e.Predicate == "filed" || (e.Predicate == "on" && (e.Version != 2 || !e.Time.Equal(es[1].Time))) {
			t.Errorf("edge %v at v%d %v; want the claim on its policy since v2", e, e.Version, e.Time)
		}
	}
	if got := g.Facts()[0].Version; got != 6 {
		t.Errorf("a fact asserted again after its node was retracted dates from v%d, want v6", got)
	}
	if got := g.AsOfTime(es[2].Time).FactCount(); got != 4 {
		t.Errorf("as of the time of v3: %d facts, want 4", got)
	}
}

// Triples an extractor gets wrong are skipped and counted, never stored.
func TestInvalidTriplesAreSkipped(t *testing.T) {
	x := func(e sealstream.Event) []kg.Triple {
		return []kg.Triple{
			{Subject: kg.Ref{Kind: "person"}, Predicate: "knows", Object: kg.Ref{Kind: "person", ID: "bob"}},
			{Subject: kg.Ref{Kind: ""}, Predicate: "knows", Object: kg.Ref{Kind: "person"}},
			{Subject: kg.Ref{Kind: "a:b"}, Predicate: "knows", Object: kg.Ref{Kind: "person"}},
			{Subject: kg.Ref{Kind: "person"}, Object: kg.Ref{Kind: "person"}},
			{Op: kg.Op(42), Subject: kg.Ref{Kind: "person"}, Predicate: "p", Object: kg.Ref{Kind: "x"}},
			kg.Skipped(""),
			kg.Skipped("no address"),
		}
	}
	g := build(t, numbered(sealstream.Event{Type: "T"}), x)
	if got := facts(g); !slices.Equal(got, []string{"person -knows-> person:bob"}) {
		t.Fatalf("facts %q", got)
	}
	skipped := g.Skipped()
	if len(skipped) != 2 || skipped["no address"] != 1 {
		t.Fatalf("skipped %v: want 5 invalid triples and 1 \"no address\"", skipped)
	}
	for reason, n := range skipped {
		if reason != "no address" && n != 5 {
			t.Fatalf("skipped %v: want 5 invalid triples", skipped)
		}
	}
}

func TestBuildStopsAtError(t *testing.T) {
	boom := errors.New("boom")
	seq := func(yield func(sealstream.Event, error) bool) {
		if yield(ev("Moved", `{"to":"x"}`), nil) {
			yield(sealstream.Event{}, boom)
		}
	}
	if g, err := kg.Build(seq, mustRules(t, lifeRules).Extract); !errors.Is(err, boom) || g != nil {
		t.Fatalf("Build = %v, %v; want nil, boom", g, err)
	}
}

// A nil graph is an empty one, for every method.
func TestNilGraph(t *testing.T) {
	var g *kg.Graph
	if g.NodeCount() != 0 || g.FactCount() != 0 || g.Facts() == nil || g.Nodes().Len() != 0 ||
		g.AsOf(3) == nil || len(g.Skipped()) != 0 || g.Path(kg.Ref{Kind: "a"}, kg.Ref{Kind: "b"}) != nil {
		t.Fatal("a nil graph is not empty")
	}
	f := kg.Fold(mustRules(t, lifeRules).Extract)
	if got := f(nil, ev("Moved", `{"to":"x"}`)).FactCount(); got != 1 {
		t.Fatalf("folding onto nil: %d facts, want 1", got)
	}
}
