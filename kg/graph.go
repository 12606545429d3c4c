package kg

import (
	"fmt"
	"iter"
	"sort"
	"sync"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
)

// Graph is a knowledge graph folded from events. Its nodes are the [Ref]s
// that take part in at least one fact that holds; its edges are those facts.
// A Graph never changes once made: folding an event returns a new graph that
// shares the old one's storage, and every method is safe for concurrent use.
// A nil *Graph is an empty graph.
type Graph struct {
	a    *arena
	v    view
	once sync.Once
	ix   *index
}

// emptyGraph stands in for a nil *Graph.
var emptyGraph = New()

// New returns an empty graph: the initial state of [Fold].
func New() *Graph { return &Graph{} }

func (g *Graph) self() *Graph {
	if g == nil {
		return emptyGraph
	}
	return g
}

// Build folds every event of events into a new graph with extract. It
// stops at the first error of the sequence and returns it. Build owns the
// graph it makes, so it appends in place and indexes the graph once, at the
// end; the result equals fold.Replay of [Fold] over the same events.
func Build(events iter.Seq2[sealstream.Event, error], extract Extractor) (*Graph, error) {
	a := newArena(view{}, 0)
	for e, err := range events {
		if err != nil {
			return nil, fmt.Errorf("kg: reading events: %w", err)
		}
		if ts := extract(e); len(ts) > 0 {
			a.appendLocked(e, ts)
		}
	}
	g := &Graph{a: a, v: a.view()}
	g.index()
	return g, nil
}

// Fold returns a pure fold that adds the facts extract finds in each event.
// It never changes the graph it is given: the graph it returns shares the
// given graph's storage when the given graph is the newest of its line, and
// copies it when it is not (a graph folded twice, as fold.Product, snapshots
// or several readers may do). Start it from [New] (or nil).
func Fold(extract Extractor) fold.Fold[*Graph] {
	return func(g *Graph, e sealstream.Event) *Graph { return g.with(e, extract(e)) }
}

// with returns g plus the triples ts of event e.
func (g *Graph) with(e sealstream.Event, ts []Triple) *Graph {
	g = g.self()
	if len(ts) == 0 {
		return g
	}
	if a := g.a; a != nil {
		a.mu.Lock()
		if len(a.ops) == len(g.v.ops) { // g is the tip: append in place
			a.appendLocked(e, ts)
			v := a.view()
			a.mu.Unlock()
			return &Graph{a: a, v: v}
		}
		a.mu.Unlock()
	}
	a := newArena(g.v, len(ts))
	a.appendLocked(e, ts)
	return &Graph{a: a, v: a.view()}
}

// AsOf returns the graph as it was when the events up to version v had been
// folded: later facts are left out and facts retracted later are back. Each
// edge keeps the version and time it appeared.
func (g *Graph) AsOf(v uint64) *Graph {
	return g.until(func(s stamp) bool { return s.version <= v })
}

// AsOfTime returns the graph as it was at time t: the facts of events whose
// time is after t are left out.
func (g *Graph) AsOfTime(t time.Time) *Graph {
	return g.until(func(s stamp) bool { return !s.time.After(t) })
}

// until returns the graph of the events keep accepts. When they are a
// prefix of g's events (events in version or time order) the result shares
// g's storage; otherwise it is a filtered copy.
func (g *Graph) until(keep func(stamp) bool) *Graph {
	g = g.self()
	evs, ops := g.v.events, g.v.ops
	n := 0
	for n < len(evs) && keep(evs[n]) {
		n++
	}
	if n == len(evs) {
		return g
	}
	prefix := true
	for _, s := range evs[n:] {
		if keep(s) {
			prefix = false
			break
		}
	}
	if prefix {
		k := sort.Search(len(ops), func(i int) bool { return ops[i].ev >= uint32(n) })
		return &Graph{a: g.a, v: view{ops: ops[:k], events: evs[:n], refs: g.v.refs, preds: g.v.preds}}
	}
	a := newArena(view{}, 0) // a filtered copy, interned afresh as Build would
	last := -1
	for _, o := range ops {
		if s := evs[o.ev]; keep(s) {
			if int(o.ev) != last {
				a.events, last = append(a.events, s), int(o.ev)
			}
			a.put(g.v.triple(o))
		}
	}
	return &Graph{a: a, v: a.view()}
}
