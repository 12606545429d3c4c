package adapter

import "context"

// Finder is implemented by a [Log] that finds records by event ID through
// an index of its own (on disk, or in a database), so that the stream
// package need not hold one in memory. Logs without it get an index in
// memory, built from their records.
type Finder interface {
	// Find returns, for each of ids, the version of the record holding
	// that event ID, or 0 when none does, considering at least every
	// record up to the head as of the call. An ID stored more than once
	// (which the stream package never does) gives any of its versions.
	// It honours ctx while it brings its index up to date; the work done
	// before ctx ends is kept. A log that finds out it has no index after
	// all (a remote log whose server keeps none) returns an error matching
	// [errors.ErrUnsupported]: the caller then keeps an index itself.
	Find(ctx context.Context, ids []string) ([]uint64, error)
}
