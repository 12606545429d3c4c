package kg

import (
	"sync"
	"time"

	"github.com/sealstream/sealstream"
)

// An arena is the append-only log behind graphs: the operations of every
// event folded so far, with node refs and predicates interned. Graphs are
// views of a prefix of an arena. Only the graph at the arena's tip appends
// in place; folding an older graph copies its prefix into a new arena
// (copy on write), so no graph ever sees its facts change.
type arena struct {
	mu      sync.Mutex
	ops     []op
	events  []stamp
	refs    []Ref
	refIDs  map[Ref]uint32
	preds   []string
	predIDs map[string]uint32
}

// op is one triple in interned form; ev indexes the arena's events.
type op struct {
	s, o, p, ev uint32
	kind        Op
}

// stamp is the version and time of an event that produced operations.
type stamp struct {
	version uint64
	time    time.Time
}

// view is what one graph sees of an arena. Elements below each length are
// never written again, so a view is safe to read while the arena grows.
type view struct {
	ops    []op
	events []stamp
	refs   []Ref
	preds  []string
}

func newArena(v view, extra int) *arena {
	a := &arena{
		ops:     append(make([]op, 0, len(v.ops)+extra), v.ops...),
		events:  append([]stamp(nil), v.events...),
		refs:    append([]Ref(nil), v.refs...),
		preds:   append([]string(nil), v.preds...),
		refIDs:  make(map[Ref]uint32, len(v.refs)),
		predIDs: make(map[string]uint32, len(v.preds)),
	}
	for i, r := range a.refs {
		a.refIDs[r] = uint32(i)
	}
	for i, p := range a.preds {
		a.predIDs[p] = uint32(i)
	}
	return a
}

// view returns the arena's whole content. The caller holds mu or owns a.
func (a *arena) view() view {
	return view{ops: a.ops, events: a.events, refs: a.refs, preds: a.preds}
}

// appendLocked records e's triples. The caller holds mu or owns a.
func (a *arena) appendLocked(e sealstream.Event, ts []Triple) {
	a.events = append(a.events, stamp{version: e.Version, time: e.Time})
	for _, t := range ts {
		if !t.valid() {
			t = Skipped(reasonInvalid)
		}
		a.put(t)
	}
}

// put records t as an operation of the last event.
func (a *arena) put(t Triple) {
	o := op{kind: t.Op, ev: uint32(len(a.events) - 1)}
	switch t.Op {
	case Assert, Retract:
		o.s, o.p, o.o = a.ref(t.Subject), a.pred(t.Predicate), a.ref(t.Object)
	case RetractNode:
		o.s = a.ref(t.Subject)
	case Skip:
		o.p = a.pred(t.Predicate)
	}
	a.ops = append(a.ops, o)
}

// triple returns the operation o of v as a triple.
func (v view) triple(o op) Triple {
	t := Triple{Op: o.kind}
	switch o.kind {
	case Assert, Retract:
		t.Subject, t.Predicate, t.Object = v.refs[o.s], v.preds[o.p], v.refs[o.o]
	case RetractNode:
		t.Subject = v.refs[o.s]
	case Skip:
		t.Predicate = v.preds[o.p]
	}
	return t
}

func (a *arena) ref(r Ref) uint32 {
	if id, ok := a.refIDs[r]; ok {
		return id
	}
	id := uint32(len(a.refs))
	a.refs = append(a.refs, r)
	a.refIDs[r] = id
	return id
}

func (a *arena) pred(p string) uint32 {
	if id, ok := a.predIDs[p]; ok {
		return id
	}
	id := uint32(len(a.preds))
	a.preds = append(a.preds, p)
	a.predIDs[p] = id
	return id
}

// lookup returns the interned ID of r, if r is in v.
func (a *arena) lookup(v view, r Ref) (uint32, bool) {
	if a == nil {
		return 0, false
	}
	a.mu.Lock()
	id, ok := a.refIDs[r]
	a.mu.Unlock()
	return id, ok && int(id) < len(v.refs)
}
