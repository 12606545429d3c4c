// Package fold holds pure reducers over events and their combinators.
//
// A [Fold] is a pure function from a state and an event to the next state.
// State is never stored: it is always the fold of a stream's history, so the
// law "replay ∘ append == fold" holds for every stream.
//
// Compose folds instead of writing switch statements:
//
//	claims := fold.ByType(map[string]fold.Fold[int]{
//		"ClaimFiled":  func(n int, _ sealstream.Event) int { return n + 1 },
//		"ClaimClosed": func(n int, _ sealstream.Event) int { return n - 1 },
//	})
//	both := fold.Product(fold.Count(), claims) // Fold[fold.Pair[int, int]]
//
// [JSON] decodes typed payloads; its state is a [mo.Result], so a decode
// error surfaces as the state's error instead of a panic.
//
// A fold must not mutate a state it was given (copy maps and slices before
// changing them): streams may hand the same state to several consumers.
package fold
