package kg

import "gonum.org/v1/gonum/graph"

// nodeIter is a graph.Nodes over node IDs of a graph.
type nodeIter struct {
	g   *Graph
	ids []uint32
	at  int // 1 + index of the current node; len(ids)+1 once exhausted
}

var _ graph.Nodes = (*nodeIter)(nil)

func (it *nodeIter) Next() bool {
	if it.at <= len(it.ids) {
		it.at++
	}
	return it.at <= len(it.ids)
}

func (it *nodeIter) Len() int { return max(len(it.ids)-it.at, 0) }

func (it *nodeIter) Node() graph.Node {
	if it.at == 0 || it.at > len(it.ids) {
		return nil
	}
	return it.g.node(it.ids[it.at-1])
}

func (it *nodeIter) Reset() { it.at = 0 }
