package adapter

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream/codec"
)

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

// ScratchReader is implemented by a [Log] that decodes its records (a file
// adapter, say) and can place each record's Prev and Payload in memory the
// caller lends, sparing the allocation per record that Read makes: on a
// replay, that is half the garbage. alloc returns a slice of at least n
// bytes; the records yielded are otherwise those Read yields. The caller
// must not reuse memory it lent while it still needs the records in it.
type ScratchReader interface {
	ReadScratch(ctx context.Context, from uint64, alloc func(n int) []byte) iter.Seq2[codec.Record, error]
}
