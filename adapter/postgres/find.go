package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream/adapter"
)

var _ adapter.Finder = (*log)(nil)

// Find returns the version of the record holding each of ids, or 0 (see
// [adapter.Finder]), in one query on the records table's unique
// (stream, event_id) index: no scan, and no memory that grows with the
// stream.
func (l *log) Find(ctx context.Context, ids []string) ([]uint64, error) {
	if err := l.check(ctx, "find"); err != nil {
		return nil, err
	}
	at := make([]uint64, len(ids))
	where := make(map[string][]int, len(ids))
	for i, id := range ids {
		where[id] = append(where[id], i)
	}
	err := l.a.retry(ctx, func() error {
		clear(at)
		rows, err := l.a.pool.Query(ctx, l.a.q.find, l.id, ids)
		if err != nil {
			return err
		}
		var id string
		var v int64
		_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error {
			for _, i := range where[id] {
				at[i] = uint64(v)
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find in %q: %w", l.id, err)
	}
	return at, nil
}
