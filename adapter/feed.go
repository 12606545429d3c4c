package adapter

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream"
)

// Feed is implemented by an [Adapter] that keeps a store-wide change feed:
// every appended batch, of every stream, at a position in one order.
//
// The promise a Feed makes is the one a consumer needs to sync or to
// project across streams: a consumer that handled every change up to
// position P and asks for the changes after P misses no batch whose Append
// returned nil, however Appends of several handles, stores or processes
// interleave and whatever crashed. Positions are unique and increasing;
// they may skip numbers (gap-tolerant). After a crash a batch may appear
// twice, at two positions, never zero times. An erased stream's changes
// are dropped from the feed with it.
type Feed interface {
	// Changes yields the changes with positions greater than since, in
	// increasing position order, up to the newest as of the call or later.
	// A since of 0 reads from the start. It stops at the first error,
	// which it yields with a zero Change; breaking out of the loop stops
	// it at once. A canceled ctx yields ctx's error; after Close, an error
	// matching [sealstream.ErrClosed]. A since that is no position the
	// feed could have given yields an error matching
	// [sealstream.ErrInvalidArgument].
	Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error]
	// FeedChanged returns a channel that is closed after the next change to
	// the feed following the call, appends of other processes included
	// where the adapter can see them. A consumer takes the channel, reads
	// the changes, then waits on it: no change is missed. The channel may
	// also be closed spuriously, and is closed by Close.
	FeedChanged() <-chan struct{}
}
