package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
)

// Erase deletes the stream's head row, records and changes in one
// transaction, for good. Logs of the stream open in this adapter are
// closed first, after an append in flight on them ends: later calls on
// them return [sealstream.ErrClosed]. Deleting the head row first waits
// for an append of another adapter or process in flight on the stream,
// which holds that row, and makes a later append at the old head find no
// row to move. A stream without rows is no error. Another adapter with the
// stream open sees it empty from then on; a writer there that still
// expects the old head gets [sealstream.ErrConflict].
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkStreamID(streamID); err != nil {
		return err
	}
	if a.isClosed() {
		return fmt.Errorf("postgres: erase %q: %w", streamID, sealstream.ErrClosed)
	}
	if st := a.reg.erase(streamID); st != nil {
		st.inFlight.Lock() // waits for the appends in flight through its logs
		st.inFlight.Unlock()
		st.signal.Notify()
	}
	err := a.retry(ctx, func() error {
		return pgx.BeginFunc(ctx, a.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, a.q.drop, streamID); err != nil {
				return err
			}
			q := &pgx.Batch{}
			q.Queue(a.q.dropRecs, streamID)
			q.Queue(a.q.dropChgs, streamID)
			return tx.SendBatch(ctx, q).Close()
		})
	})
	switch {
	case err == nil:
		a.feed.Notify() // the stream's changes have left the feed
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("postgres: erase %q: %w", streamID, ctx.Err())
	case a.isClosed():
		return fmt.Errorf("postgres: erase %q: %w: %w", streamID, sealstream.ErrClosed, err)
	}
	return fmt.Errorf("postgres: erase %q: %w", streamID, err)
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()
