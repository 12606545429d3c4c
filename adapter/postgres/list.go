package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
)

// Streams yields the IDs starting with prefix of the streams that hold at
// least one record (those with a head row), in the order of the stream
// column's collation, a page of PageSize IDs per query (keyset pagination
// on the ID, LIKE with the prefix's wildcards escaped). A stream opened
// but never appended to is not listed. No connection is held while IDs are
// yielded; streams appended or erased during the listing may or may not
// be listed. A canceled ctx yields ctx's error; after Close, an error
// matching [sealstream.ErrClosed].
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		pattern := likePrefix(prefix)
		after := ""
		for {
			page, err := a.listPage(ctx, pattern, after)
			if err != nil {
				yield("", err)
				return
			}
			for _, id := range page {
				if !yield(id, nil) {
					return
				}
			}
			if len(page) < a.opts.PageSize {
				return
			}
			after = page[len(page)-1]
		}
	}
}

// listPage returns up to PageSize IDs matching pattern, after the ID after.
func (a *Adapter) listPage(ctx context.Context, pattern, after string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if a.isClosed() {
		return nil, fmt.Errorf("postgres: list streams: %w", sealstream.ErrClosed)
	}
	var page []string
	err := a.retry(ctx, func() error {
		rows, err := a.pool.Query(ctx, a.q.list, pattern, after, a.opts.PageSize)
		if err != nil {
			return err
		}
		page, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return nil, a.listErr(ctx, err)
	}
	return page, nil
}

func (a *Adapter) listErr(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("postgres: list streams: %w", ctx.Err())
	case a.isClosed():
		return fmt.Errorf("postgres: list streams: %w: %w", sealstream.ErrClosed, err)
	}
	return fmt.Errorf("postgres: list streams: %w", err)
}

// likePrefix returns the LIKE pattern (escape character '!') matching the
// strings that start with prefix.
func likePrefix(prefix string) string {
	r := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
	return r.Replace(prefix) + "%"
}
