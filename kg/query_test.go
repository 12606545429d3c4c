package kg_test

import (
	"slices"
	"testing"

	"github.com/sealstream/sealstream/kg"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/topo"
)

// life builds the graph of a small life: a person with two policies from
// one insurer, a claim, a home, and a separate pair of services.
func life(t *testing.T) *kg.Graph {
	t.Helper()
	return build(t, numbered(
		ev("PolicyBought", map[string]string{"policy": "home-42", "by": "acme"}),
		ev("PolicyBought", map[string]string{"policy": "car-7", "by": "acme"}),
		ev("ClaimFiled", map[string]string{"claim": "c-1", "policy": "home-42"}),
		ev("Moved", map[string]string{"to": "1 rue Haute"}),
		ev("Linked", `{"a":"news","b":"bank"}`),
		ev("Linked", `{"a":"news","b":"bank"}`),
	), mustRules(t, lifeRules+"Linked: service($.a) -pays-> service($.b), service($.a) -bills-> service($.b)\n").Extract)
}

var (
	person = kg.Ref{Kind: "person"}
	acme   = kg.Ref{Kind: "provider", ID: "acme"}
	home   = kg.Ref{Kind: "policy", ID: "home-42"}
	news   = kg.Ref{Kind: "service", ID: "news"}
	bank   = kg.Ref{Kind: "service", ID: "bank"}
)

func TestQueries(t *testing.T) {
	g := life(t)
	if g.NodeCount() != 8 || g.FactCount() != 9 {
		t.Fatalf("%d nodes, %d facts; want 8 and 9: %q", g.NodeCount(), g.FactCount(), facts(g))
	}
	if got, want := g.Neighbours(home), []kg.Ref{person, acme, {Kind: "claim", ID: "c-1"}}; !slices.Equal(got, want) {
		t.Errorf("Neighbours(home) = %v, want %v", got, want)
	}
	if got := g.Path(kg.Ref{Kind: "claim", ID: "c-1"}, acme); !slices.Equal(got, []kg.Ref{{Kind: "claim", ID: "c-1"}, home, acme}) {
		t.Errorf("Path(claim, acme) = %v", got)
	}
	if got := g.Path(person, news); got != nil {
		t.Errorf("Path across components = %v, want nil", got)
	}
	cs := g.Components()
	if len(cs) != 2 || len(cs[0]) != 6 || !slices.Equal(cs[1], []kg.Ref{news, bank}) {
		t.Errorf("Components = %v", cs)
	}
	pr := g.PageRank()
	if len(pr) != 8 || pr[acme] <= pr[home] || pr[bank] <= pr[news] {
		t.Errorf("PageRank = %v: want acme above home-42, bank above news", pr)
	}
	out := g.Out(news)
	if len(out) != 2 || out[0].Predicate != "pays" || out[1].Predicate != "bills" || len(g.In(news)) != 0 {
		t.Errorf("Out(news) = %v, In(news) = %v", out, g.In(news))
	}
	if _, ok := g.Lookup(kg.Ref{Kind: "provider", ID: "nobody"}); ok || g.Neighbours(kg.Ref{Kind: "x"}) != nil {
		t.Error("Lookup found a node that is not there")
	}
}

// The graph is a gonum directed multigraph that gonum's own algorithms run on.
func TestGonumInterfaces(t *testing.T) {
	g := life(t)
	n, _ := g.Lookup(news)
	b, _ := g.Lookup(bank)
	if !g.HasEdgeFromTo(n.ID(), b.ID()) || g.HasEdgeFromTo(b.ID(), n.ID()) || !g.HasEdgeBetween(b.ID(), n.ID()) {
		t.Error("HasEdge* disagree with the news -> bank facts")
	}
	lines := graph.LinesOf(g.Lines(n.ID(), b.ID()))
	if len(lines) != 2 || lines[0].(kg.Edge).Predicate != "pays" || lines[0].From().ID() != n.ID() {
		t.Errorf("Lines(news, bank) = %v: want pays and bills", lines)
	}
	if e := g.Edge(n.ID(), b.ID()); e == nil || e.To().ID() != b.ID() || g.Edge(b.ID(), n.ID()) != nil {
		t.Errorf("Edge(news, bank) = %v", e)
	}
	if got := graph.NodesOf(g.To(b.ID())); len(got) != 1 || got[0].ID() != n.ID() {
		t.Errorf("To(bank) = %v", got)
	}
	if got := graph.NodesOf(g.From(n.ID())); len(got) != 1 || got[0].(kg.Node).Ref != bank {
		t.Errorf("From(news) = %v: parallel facts give one neighbour", got)
	}
	if g.Node(-1) != nil || g.Node(1<<40) != nil || g.From(1<<40).Len() != 0 {
		t.Error("unknown IDs are not empty")
	}
	p, _ := g.Lookup(person)
	nodes, w := path.DijkstraFrom(p, g).To(mustNode(t, g, acme).ID())
	if len(nodes) != 3 || w != 2 {
		t.Errorf("gonum Dijkstra person -> acme = %v (%v)", nodes, w)
	}
	if sccs := topo.TarjanSCC(g); len(sccs) != g.NodeCount() {
		t.Errorf("TarjanSCC gave %d components for an acyclic graph of %d nodes", len(sccs), g.NodeCount())
	}
	it := g.Nodes()
	for i := 0; it.Next(); i++ {
		if it.Node() == nil || it.Len() != g.NodeCount()-i-1 {
			t.Fatalf("node iterator at %d: %v, Len %d", i, it.Node(), it.Len())
		}
	}
	if it.Node() != nil {
		t.Error("an exhausted iterator still yields a node")
	}
}

func mustNode(t *testing.T, g *kg.Graph, r kg.Ref) kg.Node {
	t.Helper()
	n, ok := g.Lookup(r)
	if !ok {
		t.Fatalf("no node %v", r)
	}
	return n
}
