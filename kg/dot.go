package kg

import (
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/iterator"
)

// palette fills nodes, one colour per kind in the order kinds first appear.
var palette = []string{
	"#a6cee3", "#b2df8a", "#fdbf6f", "#fb9a99", "#cab2d6", "#ffff99",
	"#8dd3c7", "#bebada", "#fccde5", "#d9d9d9", "#ccebc5", "#ffed6f",
}

// MarshalDOT returns g in Graphviz's DOT language, written by gonum's
// encoding/dot as a digraph called name: one node per Ref, labelled with its
// kind and ID and filled with one colour per kind, and one edge per fact,
// labelled with its predicate.
func (g *Graph) MarshalDOT(name string) ([]byte, error) {
	g = g.self()
	colours := map[string]string{}
	for _, n := range g.index().nodes {
		if k := g.v.refs[n].Kind; colours[k] == "" {
			colours[k] = palette[len(colours)%len(palette)]
		}
	}
	return dot.MarshalMulti(dotGraph{Graph: g, colours: colours}, name, "", "  ")
}

// dotGraph is g with the attributes of its DOT form.
type dotGraph struct {
	*Graph
	colours map[string]string
}

// Nodes returns g's nodes with their DOT attributes.
func (d dotGraph) Nodes() graph.Nodes {
	var ns []graph.Node
	for it := d.Graph.Nodes(); it.Next(); {
		n := it.Node().(Node)
		ns = append(ns, dotNode{Node: n, fill: d.colours[n.Ref.Kind]})
	}
	if len(ns) == 0 {
		return graph.Empty
	}
	return iterator.NewOrderedNodes(ns)
}

// DOTAttributers returns the graph-wide attributes: left to right, rounded
// filled boxes, small edge labels.
func (dotGraph) DOTAttributers() (g, n, e encoding.Attributer) {
	return attrs{{Key: "rankdir", Value: "LR"}, {Key: "bgcolor", Value: "white"},
			{Key: "pad", Value: "0.3"}, {Key: "nodesep", Value: "0.35"}, {Key: "ranksep", Value: "0.7"}},
		attrs{{Key: "shape", Value: "box"}, {Key: "style", Value: "rounded,filled"},
			{Key: "fontname", Value: "Helvetica"}, {Key: "fontsize", Value: "12"}, {Key: "color", Value: "#555555"}},
		attrs{{Key: "fontname", Value: "Helvetica"}, {Key: "fontsize", Value: "10"},
			{Key: "color", Value: "#666666"}, {Key: "fontcolor", Value: "#333333"}}
}

// dotNode is a node with its DOT attributes.
type dotNode struct {
	Node
	fill string
}

// Attributes returns the node's label (kind over ID) and fill colour.
func (n dotNode) Attributes() []encoding.Attribute {
	label := n.Ref.Kind
	if n.Ref.ID != "" {
		label += "\n" + n.Ref.ID
	}
	return []encoding.Attribute{{Key: "label", Value: label}, {Key: "fillcolor", Value: n.fill}}
}

// Attributes returns the edge's DOT attributes: its predicate as label.
func (e Edge) Attributes() []encoding.Attribute {
	return []encoding.Attribute{{Key: "label", Value: e.Predicate}}
}

// attrs is a list of DOT attributes.
type attrs []encoding.Attribute

// Attributes returns a.
func (a attrs) Attributes() []encoding.Attribute { return a }
