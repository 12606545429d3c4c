package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A pooled connection that the server has closed while idle (a restart, an
// administrator's pg_terminate_backend, an idle timeout) fails the next
// statement sent on it, and the pool then drops it. Statements that are
// safe to repeat, reads and the BEGIN of an append, are tried again on
// another connection: once per pooled connection, plus one on a new one.

// broken reports whether err is a failure of the connection rather than a
// statement's error: a FATAL or PANIC from the server, or any failure
// that is neither the server's nor the context's.
func broken(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.SeverityUnlocalized == "FATAL" || pg.SeverityUnlocalized == "PANIC" ||
			pg.Severity == "FATAL" || pg.Severity == "PANIC"
	}
	return err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) &&
		!pgconn.Timeout(err) && !errors.Is(err, pgx.ErrNoRows)
}

// retry runs fn until it succeeds, fails other than by a broken
// connection, or has been tried attempts times. fn must be safe to repeat.
func (a *Adapter) retry(ctx context.Context, fn func() error) error {
	var err error
	for range a.attempts {
		if err = fn(); err == nil || ctx.Err() != nil || !broken(err) {
			return err
		}
	}
	return err
}

// begin starts a transaction, on another connection if one is broken.
func (a *Adapter) begin(ctx context.Context) (pgx.Tx, error) {
	var tx pgx.Tx
	err := a.retry(ctx, func() error {
		var err error
		tx, err = a.pool.Begin(ctx)
		return err
	})
	return tx, err
}
