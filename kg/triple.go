package kg

import (
	"strings"

	"github.com/sealstream/sealstream"
)

// Ref names a node of the graph: its kind ("claim") and its ID within that
// kind ("c-7"). An empty ID names the one node of its kind, such as the
// person a personal stream is about.
type Ref struct {
	Kind string
	ID   string
}

// String returns "kind:id", or "kind" when the ID is empty. It is the
// node's identifier in DOT and JSON exports.
func (r Ref) String() string {
	if r.ID == "" {
		return r.Kind
	}
	return r.Kind + ":" + r.ID
}

// Op is what a [Triple] does to the graph.
type Op uint8

const (
	// Assert adds the fact; asserting a fact that holds changes nothing
	// (the edge keeps the version and time it first appeared).
	Assert Op = iota
	// Retract removes the fact, if it holds.
	Retract
	// RetractNode removes every fact that touches Subject. Predicate and
	// Object are ignored.
	RetractNode
	// Skip adds no fact: it records that the event could not be read, for
	// the reason held in Predicate, and counts it in [Graph.Skipped].
	Skip
)

// Triple is one fact extracted from an event, or an order to remove facts.
// The graph records the version and time of the event it came from.
type Triple struct {
	Op        Op
	Subject   Ref
	Predicate string
	Object    Ref
}

// Extractor turns an event into the triples it states. It must be pure: the
// same event always gives the same triples. Events it has nothing to say
// about give none. [Rules.Extract] is an extractor built from rule text.
type Extractor func(sealstream.Event) []Triple

// Skipped returns the triple that counts an event as skipped for reason.
// The reason is a key of [Graph.Skipped]: keep it short, stable and free of
// payload values.
func Skipped(reason string) Triple {
	return Triple{Op: Skip, Predicate: reason}
}

// reasonInvalid is the skip reason of a triple that names no kind or
// predicate, has a colon in a kind or an unknown Op.
const reasonInvalid = "kg: invalid triple (no kind or predicate, a colon in a kind, or an unknown op)"

// valid reports whether t can enter a graph as it is.
func (t Triple) valid() bool {
	okKind := func(r Ref) bool { return r.Kind != "" && !strings.Contains(r.Kind, ":") }
	switch t.Op {
	case Assert, Retract:
		return okKind(t.Subject) && okKind(t.Object) && t.Predicate != ""
	case RetractNode:
		return okKind(t.Subject)
	case Skip:
		return t.Predicate != ""
	}
	return false
}
