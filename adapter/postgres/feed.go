package postgres

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

var _ adapter.Feed = (*Adapter)(nil)

// Changes yields the changes after position since: one per append, its
// position the 64-bit ID (xid8) of the transaction that wrote it. Only
// transactions below the oldest one still running on the server
// (pg_snapshot_xmin) are read, so no commit can later land at a position
// already passed; a long-running transaction, of any client of the
// server, holds back the changes after it until it ends. Every uint64 is
// a valid since. Changes are read a page of PageSize per query, keyed on
// (transaction, stream), and no connection is held while they are
// yielded. A canceled ctx yields ctx's error; after Close, an error
// matching [sealstream.ErrClosed].
func (a *Adapter) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		tx, stream := since, (*string)(nil) // nil: every stream of tx since is passed
		for {
			page, err := a.changesPage(ctx, tx, stream)
			if err != nil {
				yield(sealstream.Change{}, err)
				return
			}
			for _, c := range page {
				if !yield(c, nil) {
					return
				}
			}
			if len(page) < a.opts.PageSize {
				return
			}
			last := page[len(page)-1]
			tx, stream = last.Position, &last.Stream
		}
	}
}

// FeedChanged returns a channel closed after the next append of this
// adapter, the next notification of any append to the schema, the next
// poll (every PollInterval: a change held back by a running transaction
// shows when it ends, which sends no notification), a reconnect of the
// listener, an Erase of this adapter, or Close.
func (a *Adapter) FeedChanged() <-chan struct{} {
	ch := a.feed.C() // taken before the check: Close marks closed, then notifies
	if a.isClosed() {
		return closedChan
	}
	return ch
}

// changesPage returns up to PageSize changes after (tx, stream), or after
// every change of tx when stream is nil.
func (a *Adapter) changesPage(ctx context.Context, tx uint64, stream *string) ([]sealstream.Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if a.isClosed() {
		return nil, fmt.Errorf("postgres: read the change feed: %w", sealstream.ErrClosed)
	}
	var page []sealstream.Change
	err := a.retry(ctx, func() error {
		rows, err := a.pool.Query(ctx, a.q.changes, strconv.FormatUint(tx, 10), stream, a.opts.PageSize)
		if err != nil {
			return err
		}
		page = page[:0]
		var (
			pos, id  string
			from, to int64
		)
		_, err = pgx.ForEachRow(rows, []any{&pos, &id, &from, &to}, func() error {
			p, err := strconv.ParseUint(pos, 10, 64)
			if err != nil {
				return fmt.Errorf("transaction ID %q: %w", pos, err)
			}
			page = append(page, sealstream.Change{Position: p, Stream: id, From: uint64(from), To: uint64(to)})
			return nil
		})
		return err
	})
	switch {
	case err == nil:
		return page, nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("postgres: read the change feed after %d: %w", tx, ctx.Err())
	case a.isClosed():
		return nil, fmt.Errorf("postgres: read the change feed after %d: %w: %w", tx, sealstream.ErrClosed, err)
	}
	return nil, fmt.Errorf("postgres: read the change feed after %d: %w", tx, err)
}
