package kg

import (
	"cmp"
	"slices"
)

// index is a graph's read structure, built once from its view on first use:
// the facts that hold, adjacency in both directions and the skip counts.
type index struct {
	live    []uint32 // positions in ops of the assertions that hold, ascending
	outAt   []uint32 // out[outAt[n]:outAt[n+1]] are the facts whose subject is node n
	out     []uint32 // by object, then position
	inAt    []uint32 // in[inAt[n]:inAt[n+1]] are the facts whose object is node n
	in      []uint32 // by subject, then position
	nodes   []uint32 // nodes with at least one fact, ascending
	skipped map[string]int
}

func (g *Graph) index() *index {
	g.once.Do(func() { g.ix = buildIndex(g.v) })
	return g.ix
}

// buildIndex replays the operations of v. A fact holds from its first
// assertion until a retraction of it or of one of its nodes; asserting it
// again while it holds changes nothing.
func buildIndex(v view) *index {
	ix := &index{skipped: map[string]int{}}
	nodes := len(v.refs)
	cut := make([]uint32, nodes) // 1 + position of the node's last RetractNode
	var facts []uint32           // positions of assertions and retractions
	for i, o := range v.ops {
		switch o.kind {
		case Assert, Retract:
			facts = append(facts, uint32(i))
		case RetractNode:
			cut[o.s] = uint32(i) + 1
		case Skip:
			ix.skipped[v.preds[o.p]]++
		}
	}
	// Group the operations by fact: by subject, then predicate, object and
	// position; then replay each fact's operations in order.
	at, bySubject := groups(nodes, facts, func(p uint32) uint32 { return v.ops[p].s })
	fact := func(x, y uint32) int {
		a, b := v.ops[x], v.ops[y]
		if c := cmp.Compare(a.p, b.p); c != 0 {
			return c
		}
		if c := cmp.Compare(a.o, b.o); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	}
	gone := func(p uint32) bool { o := v.ops[p]; return p < cut[o.s] || p < cut[o.o] }
	holds := make([]bool, len(v.ops))
	for n := range nodes {
		group := bySubject[at[n]:at[n+1]]
		if len(group) > 1 && !slices.IsSortedFunc(group, fact) {
			slices.SortFunc(group, fact)
		}
		for i := 0; i < len(group); {
			const none = ^uint32(0)
			held, j := none, i
			for ; j < len(group) && v.ops[group[j]].p == v.ops[group[i]].p && v.ops[group[j]].o == v.ops[group[i]].o; j++ {
				switch p := group[j]; {
				case v.ops[p].kind == Retract:
					held = none
				case held == none || gone(held):
					held = p
				}
			}
			if held != none && !gone(held) {
				holds[held] = true
			}
			i = j
		}
	}
	for p, ok := range holds {
		if ok {
			ix.live = append(ix.live, uint32(p))
		}
	}
	subj := func(p uint32) uint32 { return v.ops[p].s }
	obj := func(p uint32) uint32 { return v.ops[p].o }
	ix.outAt, ix.out = adjacency(nodes, ix.live, subj, obj)
	ix.inAt, ix.in = adjacency(nodes, ix.live, obj, subj)
	for n := range nodes {
		if ix.outAt[n+1] > ix.outAt[n] || ix.inAt[n+1] > ix.inAt[n] {
			ix.nodes = append(ix.nodes, uint32(n))
		}
	}
	return ix
}

// groups sorts positions by the node key gives, keeping their order within
// a node (a counting sort): list[at[n]:at[n+1]] are node n's.
func groups(nodes int, positions []uint32, key func(uint32) uint32) (at, list []uint32) {
	at = make([]uint32, nodes+1)
	for _, p := range positions {
		at[key(p)+1]++
	}
	for n := range nodes {
		at[n+1] += at[n]
	}
	next := slices.Clone(at[:nodes])
	list = make([]uint32, len(positions))
	for _, p := range positions {
		k := key(p)
		list[next[k]] = p
		next[k]++
	}
	return at, list
}

// adjacency groups the facts by the node key gives, each group sorted by
// the node other gives, then by position.
func adjacency(nodes int, live []uint32, key, other func(uint32) uint32) (at, list []uint32) {
	at, list = groups(nodes, live, key)
	byOther := func(x, y uint32) int {
		if c := cmp.Compare(other(x), other(y)); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	}
	for n := range nodes {
		if group := list[at[n]:at[n+1]]; len(group) > 1 && !slices.IsSortedFunc(group, byOther) {
			slices.SortFunc(group, byOther)
		}
	}
	return at, list
}
