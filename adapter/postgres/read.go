package postgres

import (
	"context"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Read yields the records from version from on, a page of PageSize records
// per query (keyset pagination on the version), so memory stays bounded by
// one page however long the stream. No connection is held while records are
// yielded. A record out of sequence returns [sealstream.ErrIntegrity]; bad
// stored metadata, [sealstream.ErrCorrupt].
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		if err := l.check(ctx, "read"); err != nil {
			yield(codec.Record{}, err)
			return
		}
		next := max(from, 1)
		for {
			page, err := l.page(ctx, next)
			for _, r := range page {
				if !yield(r, nil) {
					return
				}
			}
			if err != nil {
				yield(codec.Record{}, err)
				return
			}
			if len(page) < l.a.opts.PageSize {
				return
			}
			next += uint64(len(page))
		}
	}
}

// page returns up to PageSize records from version from on. On damage it
// returns the records before it and the error.
func (l *log) page(ctx context.Context, from uint64) ([]codec.Record, error) {
	if err := l.check(ctx, "read"); err != nil {
		return nil, err
	}
	if from > 1<<63-1 {
		return nil, nil
	}
	var (
		out []codec.Record
		bad error // damage found in a row: not retried
	)
	err := l.a.retry(ctx, func() error {
		var err error
		out, bad, err = l.query(ctx, from)
		return err
	})
	switch {
	case bad != nil:
		return out, bad
	case err != nil:
		return nil, fmt.Errorf("postgres: read %q from %d: %w", l.id, from, err)
	}
	return out, nil
}

// query runs one page query. Damage in the rows is returned as bad, with
// the records before it; any failure of the query as err.
func (l *log) query(ctx context.Context, from uint64) (out []codec.Record, bad, err error) {
	rows, err := l.a.pool.Query(ctx, l.a.q.page, l.id, int64(from), l.a.opts.PageSize)
	if err != nil {
		return nil, nil, err
	}
	out = make([]codec.Record, 0, min(l.a.opts.PageSize, 64))
	var r row
	_, err = pgx.ForEachRow(rows, []any{&r.version, &r.id, &r.typ, &r.time, &r.meta, &r.prev, &r.payload}, func() error {
		want := from + uint64(len(out))
		if uint64(r.version) != want {
			bad = fmt.Errorf("postgres: read %q: found version %d where %d belongs: %w", l.id, r.version, want, sealstream.ErrIntegrity)
			return bad
		}
		var rec codec.Record
		if rec, bad = r.record(l.id); bad != nil {
			return bad
		}
		out = append(out, rec)
		r = row{}
		return nil
	})
	if bad != nil {
		return out, bad, nil
	}
	return out, nil, err
}
