package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Append adds recs in one transaction: it moves the stream's head row from
// expect to the new head (no row to move means another writer got there
// first), then, in one round trip, inserts all records and the append's
// row of the change feed in one statement and queues a notification that
// PostgreSQL sends at commit. A stale expect or a version or event ID
// already taken returns an error matching [sealstream.ErrConflict] and
// stores nothing. A record over MaxRecordSize returns
// [sealstream.ErrTooLarge]; an event ID or type that is not UTF-8 text
// without NUL, [sealstream.ErrInvalidEvent].
func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	l.st.inFlight.RLock() // an Erase waits for this append
	defer l.st.inFlight.RUnlock()
	if err := l.check(ctx, "append"); err != nil {
		return err
	}
	if len(recs) == 0 {
		return l.appendNothing(ctx, expect)
	}
	b, err := l.batch(expect, recs)
	if err != nil {
		return err
	}
	tx, err := l.a.begin(ctx)
	if err != nil {
		return l.appendError(expect, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }() // a no-op after Commit
	if err := l.write(ctx, tx, expect, b); err != nil {
		return l.appendError(expect, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return l.appendError(expect, err)
	}
	l.a.reg.seen(l.id, b.head)
	l.a.feed.Notify()
	return nil
}

// batch holds the columns of the records of one append.
type batch struct {
	head                  uint64
	bytes                 int64
	versions, times       []int64
	ids, types            []string
	metas, prevs, payload [][]byte
}

func (l *log) batch(expect uint64, recs []codec.Record) (*batch, error) {
	n := len(recs)
	if expect > math.MaxInt64-uint64(n) {
		return nil, fmt.Errorf("postgres: append %q at %d: %w", l.id, expect, sealstream.ErrConflict)
	}
	b := &batch{
		head: expect + uint64(n), versions: make([]int64, n), times: make([]int64, n),
		ids: make([]string, n), types: make([]string, n),
		metas: make([][]byte, n), prevs: make([][]byte, n), payload: make([][]byte, n),
	}
	for i := range recs {
		r := &recs[i]
		want := expect + uint64(i) + 1
		if r.Version != want {
			return nil, fmt.Errorf("postgres: append %q: record %d has version %d, want %d: %w",
				l.id, i, r.Version, want, sealstream.ErrIntegrity)
		}
		if size := r.Size(); size > l.a.opts.MaxRecordSize {
			return nil, fmt.Errorf("postgres: append %q: record at version %d has %d bytes, over the %d limit: %w",
				l.id, want, size, l.a.opts.MaxRecordSize, sealstream.ErrTooLarge)
		}
		if err := checkText(l.id, want, "event ID", r.ID); err != nil {
			return nil, err
		}
		if err := checkText(l.id, want, "type", r.Type); err != nil {
			return nil, err
		}
		b.bytes += int64(r.Size())
		b.versions[i], b.times[i] = int64(want), r.Time
		b.ids[i], b.types[i] = r.ID, r.Type
		b.metas[i] = encodeMetadata(r.Metadata)
		b.prevs[i], b.payload[i] = notNil(r.Prev), notNil(r.Payload)
	}
	return b, nil
}

func notNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

var errStale = errors.New("head moved")

// write is the body of the append transaction.
func (l *log) write(ctx context.Context, tx pgx.Tx, expect uint64, b *batch) error {
	var tag pgconn.CommandTag
	var err error
	if expect == 0 {
		tag, err = tx.Exec(ctx, l.a.q.headInit, l.id, int64(b.head), b.bytes)
	} else {
		tag, err = tx.Exec(ctx, l.a.q.headMove, l.id, int64(b.head), b.bytes, int64(expect))
	}
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return errStale
	}
	q := &pgx.Batch{}
	q.Queue(l.a.q.insert, l.id, b.versions, b.ids, b.types, b.times, b.metas, b.prevs, b.payload,
		int64(expect+1), int64(b.head))
	q.Queue(l.a.q.notify, l.a.q.channel, notification(l.id, b.head))
	return tx.SendBatch(ctx, q).Close()
}

func (l *log) appendError(expect uint64, err error) error {
	if errors.Is(err, errStale) {
		return fmt.Errorf("postgres: append %q at %d: the head has moved: %w", l.id, expect, sealstream.ErrConflict)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		what := "a version"
		if pg.ConstraintName == eventIDKey {
			what = "an event ID"
		}
		return fmt.Errorf("postgres: append %q at %d: %s is already stored: %w", l.id, expect, what, sealstream.ErrConflict)
	}
	return fmt.Errorf("postgres: append %q at %d: %w", l.id, expect, err)
}

// appendNothing checks expect against the head, as an empty append must.
func (l *log) appendNothing(ctx context.Context, expect uint64) error {
	h, err := l.Head(ctx)
	if err != nil {
		return err
	}
	if h.Version != expect {
		return fmt.Errorf("postgres: append %q at %d, head is %d: %w", l.id, expect, h.Version, sealstream.ErrConflict)
	}
	return nil
}
