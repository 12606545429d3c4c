package kg

import (
	"sort"
	"time"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/multi"
)

// A Graph is a gonum directed multigraph: run any gonum algorithm on it.
var (
	_ graph.Directed           = (*Graph)(nil)
	_ graph.DirectedMultigraph = (*Graph)(nil)
)

// Node is a node of a [Graph] as gonum sees it. A node keeps its gonum ID
// in every graph folded from one it is in, and in the graph as of an
// earlier version of events folded in version order.
type Node struct {
	Ref Ref
	id  int64
}

// ID returns the gonum node ID.
func (n Node) ID() int64 { return n.id }

// DOTID returns the node's name in DOT: its Ref as a string.
func (n Node) DOTID() string { return n.Ref.String() }

// String returns the node's Ref as a string.
func (n Node) String() string { return n.Ref.String() }

// Edge is a fact that holds, as a gonum line from its subject to its object.
// It remembers the version and time of the event that asserted it.
type Edge struct {
	Subject, Object Node
	Predicate       string
	Version         uint64
	Time            time.Time
	id              int64
}

// From returns the subject.
func (e Edge) From() graph.Node { return e.Subject }

// To returns the object.
func (e Edge) To() graph.Node { return e.Object }

// ID returns the gonum line ID, unique within the graph.
func (e Edge) ID() int64 { return e.id }

// ReversedLine returns the edge with subject and object swapped.
func (e Edge) ReversedLine() graph.Line {
	e.Subject, e.Object = e.Object, e.Subject
	return e
}

// String returns "subject -predicate-> object".
func (e Edge) String() string {
	return e.Subject.String() + " -" + e.Predicate + "-> " + e.Object.String()
}

func (g *Graph) node(n uint32) Node { return Node{Ref: g.v.refs[n], id: int64(n)} }

func (g *Graph) edge(p uint32) Edge {
	o, s := g.v.ops[p], g.v.events[g.v.ops[p].ev]
	return Edge{Subject: g.node(o.s), Object: g.node(o.o), Predicate: g.v.preds[o.p],
		Version: s.version, Time: s.time, id: int64(p)}
}

// live returns n and whether it is a node of g.
func (g *Graph) live(id int64) (uint32, bool) {
	if id < 0 || id >= int64(len(g.v.refs)) {
		return 0, false
	}
	n, ix := uint32(id), g.index()
	return n, ix.outAt[n+1] > ix.outAt[n] || ix.inAt[n+1] > ix.inAt[n]
}

// Node returns the node with the given gonum ID, or nil.
func (g *Graph) Node(id int64) graph.Node {
	g = g.self()
	if n, ok := g.live(id); ok {
		return g.node(n)
	}
	return nil
}

// Nodes returns the nodes of g, ordered by ID.
func (g *Graph) Nodes() graph.Nodes {
	g = g.self()
	return &nodeIter{g: g, ids: g.index().nodes}
}

// From returns the nodes that some fact about id points to.
func (g *Graph) From(id int64) graph.Nodes { return g.self().ends(id, true) }

// To returns the nodes with some fact pointing to id.
func (g *Graph) To(id int64) graph.Nodes { return g.self().ends(id, false) }

func (g *Graph) ends(id int64, out bool) graph.Nodes {
	n, ok := g.live(id)
	if !ok {
		return graph.Empty
	}
	var ids []uint32
	for _, p := range g.index().group(n, out) {
		if m := g.v.ops[p].end(out); len(ids) == 0 || ids[len(ids)-1] != m {
			ids = append(ids, m)
		}
	}
	return &nodeIter{g: g, ids: ids}
}

// HasEdgeBetween reports whether a fact links x and y, either way.
func (g *Graph) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || g.HasEdgeFromTo(yid, xid)
}

// HasEdgeFromTo reports whether a fact about u points to v.
func (g *Graph) HasEdgeFromTo(uid, vid int64) bool { return len(g.self().lines(uid, vid)) > 0 }

// Edge returns the facts from u to v as one multi.Edge, or nil.
func (g *Graph) Edge(uid, vid int64) graph.Edge {
	g = g.self()
	l := g.Lines(uid, vid)
	if l == graph.Empty {
		return nil
	}
	return multi.Edge{F: g.Node(uid), T: g.Node(vid), Lines: l}
}

// Lines returns the facts about u that point to v, as [Edge] values.
func (g *Graph) Lines(uid, vid int64) graph.Lines {
	g = g.self()
	ps := g.lines(uid, vid)
	if len(ps) == 0 {
		return graph.Empty
	}
	ls := make([]graph.Line, len(ps))
	for i, p := range ps {
		ls[i] = g.edge(p)
	}
	return iterator.NewOrderedLines(ls)
}

// lines returns the positions of the facts from u to v.
func (g *Graph) lines(uid, vid int64) []uint32 {
	u, ok := g.live(uid)
	if !ok || vid < 0 || vid >= int64(len(g.v.refs)) {
		return nil
	}
	group, v := g.index().group(u, true), uint32(vid)
	lo := sort.Search(len(group), func(i int) bool { return g.v.ops[group[i]].o >= v })
	hi := lo
	for hi < len(group) && g.v.ops[group[hi]].o == v {
		hi++
	}
	return group[lo:hi]
}

// group returns the facts whose subject (out) or object (!out) is n.
func (ix *index) group(n uint32, out bool) []uint32 {
	if out {
		return ix.out[ix.outAt[n]:ix.outAt[n+1]]
	}
	return ix.in[ix.inAt[n]:ix.inAt[n+1]]
}

// end returns the object of o when out, else its subject.
func (o op) end(out bool) uint32 {
	if out {
		return o.o
	}
	return o.s
}
