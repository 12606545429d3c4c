package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// log is one handle on a stream. Handles of one stream in one adapter
// share their streamState.
type log struct {
	a  *Adapter
	id string
	st *streamState

	mu     sync.Mutex
	closed bool
}

func (l *log) check(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed || l.a.isClosed() || l.st.gone.Load() {
		return fmt.Errorf("postgres: %s %q: %w", op, l.id, sealstream.ErrClosed)
	}
	return nil
}

// Head reads the head row and the last record in one query.
func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := l.check(ctx, "head"); err != nil {
		return adapter.Head{}, err
	}
	var (
		h       adapter.Head
		r       row
		id, typ *string // NULL when the head row names a missing record
		time    *int64
	)
	err := l.a.retry(ctx, func() error {
		return l.a.pool.QueryRow(ctx, l.a.q.head, l.id).Scan(&r.version, &h.Bytes, &id, &typ, &time, &r.meta, &r.prev, &r.payload)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return adapter.Head{}, nil
	}
	if err != nil {
		return adapter.Head{}, fmt.Errorf("postgres: head %q: %w", l.id, err)
	}
	if id == nil || typ == nil || time == nil {
		return adapter.Head{}, fmt.Errorf("postgres: head %q: the head is version %d but its record is missing: %w",
			l.id, r.version, sealstream.ErrIntegrity)
	}
	r.id, r.typ, r.time = *id, *typ, *time
	if h.Last, err = r.record(l.id); err != nil {
		return adapter.Head{}, err
	}
	h.Version = h.Last.Version
	return h, nil
}

// Changed fires after appends by this adapter at once, and after appends
// by other adapters or processes when their notification or the next poll
// arrives; Erase of the stream fires it too, and closes later ones.
func (l *log) Changed() <-chan struct{} {
	if l.st.gone.Load() {
		return closedChan
	}
	return l.st.signal.C()
}

func (l *log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		l.a.reg.release(l.id, l.st)
	}
	return nil
}

// row is a records row as scanned.
type row struct {
	version int64
	id, typ string
	time    int64
	meta    []byte
	prev    []byte
	payload []byte
}

func (r *row) record(streamID string) (codec.Record, error) {
	meta, err := decodeMetadata(r.meta)
	if err != nil {
		return codec.Record{}, fmt.Errorf("postgres: stream %q version %d: %w", streamID, r.version, err)
	}
	return codec.Record{
		Version:  uint64(r.version),
		ID:       r.id,
		Type:     r.typ,
		Time:     r.time,
		Metadata: meta,
		Prev:     nilIfEmpty(r.prev),
		Payload:  nilIfEmpty(r.payload),
	}, nil
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
