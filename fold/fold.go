package fold

import (
	"iter"

	"github.com/sealstream/sealstream"
)

// Fold is a pure reducer: it returns the state after event e.
type Fold[S any] func(state S, e sealstream.Event) S

// Count returns a fold that counts events.
func Count() Fold[int] {
	return func(n int, _ sealstream.Event) int { return n + 1 }
}

// ByType returns a fold that dispatches each event to the fold registered
// for its type. Events of other types leave the state unchanged.
func ByType[S any](cases map[string]Fold[S]) Fold[S] {
	return func(s S, e sealstream.Event) S {
		if f, ok := cases[e.Type]; ok {
			return f(s, e)
		}
		return s
	}
}

// Filter returns a fold that applies f to the events keep accepts and
// leaves the state unchanged for the others.
func Filter[S any](f Fold[S], keep func(sealstream.Event) bool) Fold[S] {
	return func(s S, e sealstream.Event) S {
		if keep(e) {
			return f(s, e)
		}
		return s
	}
}

// Pair is the state of a [Product] of two folds.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Product returns a fold that runs fa and fb side by side over the same events.
func Product[A, B any](fa Fold[A], fb Fold[B]) Fold[Pair[A, B]] {
	return func(p Pair[A, B], e sealstream.Event) Pair[A, B] {
		return Pair[A, B]{First: fa(p.First, e), Second: fb(p.Second, e)}
	}
}

// Map returns a fold over state A driven through a view: it applies f to the
// events and keeps the state of type A. It exists so folds over a field of
// a larger state can be reused: get reads the field, set writes it back.
func Map[S, A any](f Fold[A], get func(S) A, set func(S, A) S) Fold[S] {
	return func(s S, e sealstream.Event) S { return set(s, f(get(s), e)) }
}

// Replay returns the fold of f over events, starting from init.
func Replay[S any](f Fold[S], init S, events iter.Seq[sealstream.Event]) S {
	s := init
	for e := range events {
		s = f(s, e)
	}
	return s
}
