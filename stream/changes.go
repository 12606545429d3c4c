package stream

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// errNoFeed is why a store without a change feed refuses Changes.
var errNoFeed = fmt.Errorf("the storage keeps no change feed: %w", errors.ErrUnsupported)

// Changes yields the store-wide change feed: every batch appended to any
// stream of the store's location, by any store or process, as the stream,
// the range of versions it added and its position, in position order,
// after position since (0: from the start) up to the newest change as of
// the call. It is what projections across streams and "what changed since
// P" sync build on: save the Position of the last change handled, and ask
// for the changes after it next time; no acknowledged batch is missed.
// After a crash a batch may be given twice (at two positions), so apply a
// change idempotently: read the stream from the version after the last one
// handled. A change names versions and carries no event: read them with
// [Stream.Read] and [From].
//
// Positions are durable, increasing and may skip numbers; what a number
// means depends on the storage (a count in memory, a byte offset in the
// file feed, a transaction ID in PostgreSQL, a JetStream sequence in
// NATS). An erased stream's changes leave the feed with it. Snapshot logs
// are not streams and are left out.
//
// It stops at the first error, which it yields; breaking out stops it at
// once. A storage without a change feed (S3) yields an error matching
// [errors.ErrUnsupported]; a since the feed could not have given, one
// matching [sealstream.ErrInvalidArgument]; a closed store
// [sealstream.ErrClosed].
func (s *Store) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		f, err := s.feed()
		if err == nil {
			_, _, err = s.changes(ctx, f, since, yield)
		}
		if err != nil {
			yield(sealstream.Change{}, fmt.Errorf("stream: changes: %w", err))
		}
	}
}

// WatchChanges yields the changes after position since as [Store.Changes]
// does, then each new one as it is appended, by this process or (where
// the storage sees them) by others: history then live, in position order,
// none missed. It blocks while waiting. It ends by yielding (zero,
// ctx.Err()) when ctx is canceled, (zero, [sealstream.ErrClosed]) when the
// store is closed, or (zero, err) on the first error; breaking out stops
// it at once.
func (s *Store) WatchChanges(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		f, err := s.feed()
		for err == nil {
			wake := f.FeedChanged()
			var stopped bool
			if since, stopped, err = s.changes(ctx, f, since, yield); stopped || err != nil {
				break
			}
			select {
			case <-wake:
			case <-ctx.Done():
				err = ctx.Err()
			case <-s.done:
				err = sealstream.ErrClosed
			}
		}
		if err != nil {
			yield(sealstream.Change{}, fmt.Errorf("stream: watch changes: %w", err))
		}
	}
}

// changes yields the changes of f after since but for snapshot logs', and
// returns the position of the last one read, whether the consumer stopped
// and the error that ended the pass, which it leaves to the caller.
func (s *Store) changes(ctx context.Context, f adapter.Feed, since uint64,
	yield func(sealstream.Change, error) bool) (uint64, bool, error) {
	for c, err := range f.Changes(ctx, since) {
		if err != nil {
			return since, false, err
		}
		since = c.Position
		if reserved(c.Stream) {
			continue
		}
		if !yield(c, nil) {
			return since, true, nil
		}
	}
	return since, false, nil
}

// feed returns the store's change feed.
func (s *Store) feed() (adapter.Feed, error) {
	select {
	case <-s.done:
		return nil, sealstream.ErrClosed
	default:
	}
	f, ok := s.adapter.(adapter.Feed)
	if !ok {
		return nil, errNoFeed
	}
	return f, nil
}
