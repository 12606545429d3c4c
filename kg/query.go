package kg

import (
	"cmp"
	"maps"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/topo"
)

// Lookup returns the node named r, if it is in g.
func (g *Graph) Lookup(r Ref) (Node, bool) {
	g = g.self()
	id, ok := g.a.lookup(g.v, r)
	if !ok {
		return Node{}, false
	}
	if _, ok := g.live(int64(id)); !ok {
		return Node{}, false
	}
	return g.node(id), true
}

// NodeCount returns the number of nodes of g.
func (g *Graph) NodeCount() int { return len(g.self().index().nodes) }

// FactCount returns the number of facts that hold in g: its edges.
func (g *Graph) FactCount() int { return len(g.self().index().live) }

// Refs returns the nodes of g, in the order they first appeared.
func (g *Graph) Refs() []Ref {
	g = g.self()
	out := make([]Ref, 0, g.NodeCount())
	for _, n := range g.index().nodes {
		out = append(out, g.v.refs[n])
	}
	return out
}

// Facts returns the facts that hold in g, in the order they appeared.
func (g *Graph) Facts() []Edge {
	g = g.self()
	out := make([]Edge, 0, g.FactCount())
	for _, p := range g.index().live {
		out = append(out, g.edge(p))
	}
	return out
}

// Out returns the facts about r (r is their subject), by object.
func (g *Graph) Out(r Ref) []Edge { return g.self().facts(r, true) }

// In returns the facts pointing to r (r is their object), by subject.
func (g *Graph) In(r Ref) []Edge { return g.self().facts(r, false) }

func (g *Graph) facts(r Ref, out bool) []Edge {
	n, ok := g.Lookup(r)
	if !ok {
		return nil
	}
	var es []Edge
	for _, p := range g.index().group(uint32(n.id), out) {
		es = append(es, g.edge(p))
	}
	return es
}

// Neighbours returns the nodes linked to r by a fact either way, in the
// order they first appeared.
func (g *Graph) Neighbours(r Ref) []Ref {
	g = g.self()
	n, ok := g.Lookup(r)
	if !ok {
		return nil
	}
	ids := graph.NodesOf(graph.Undirect{G: g}.From(n.id))
	slices.SortFunc(ids, byID)
	return refsOf(ids)
}

// Path returns a shortest chain of nodes linking from to to, whatever the
// direction of each fact (one hop per fact), both ends included; nil when
// none does.
func (g *Graph) Path(from, to Ref) []Ref {
	g = g.self()
	u, ok1 := g.Lookup(from)
	v, ok2 := g.Lookup(to)
	if !ok1 || !ok2 {
		return nil
	}
	nodes, _ := path.DijkstraFromTo(u, v, graph.Undirect{G: g})
	return refsOf(nodes)
}

// Components returns the weakly connected components of g (nodes linked
// whatever the direction of the facts), largest first; nodes keep the order
// they first appeared.
func (g *Graph) Components() [][]Ref {
	g = g.self()
	cs := topo.ConnectedComponents(graph.Undirect{G: g})
	for _, c := range cs {
		slices.SortFunc(c, byID)
	}
	slices.SortStableFunc(cs, func(a, b []graph.Node) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return byID(a[0], b[0])
	})
	out := make([][]Ref, len(cs))
	for i, c := range cs {
		out[i] = refsOf(c)
	}
	return out
}

// PageRank returns the PageRank of every node of g (damping 0.85, parallel
// facts counted once), computed with gonum's sparse PageRank.
func (g *Graph) PageRank() map[Ref]float64 {
	g = g.self()
	ranks := network.PageRankSparse(g, 0.85, 1e-8)
	out := make(map[Ref]float64, len(ranks))
	for id, r := range ranks {
		out[g.v.refs[id]] = r
	}
	return out
}

// Skipped returns how many times each reason was given for skipping an
// event (see [Skipped] and [Rules.Extract]).
func (g *Graph) Skipped() map[string]int { return maps.Clone(g.self().index().skipped) }

func byID(a, b graph.Node) int { return cmp.Compare(a.ID(), b.ID()) }

func refsOf(nodes []graph.Node) []Ref {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]Ref, len(nodes))
	for i, n := range nodes {
		out[i] = n.(Node).Ref
	}
	return out
}
