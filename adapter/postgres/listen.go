package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pollTimeout bounds one poll of the heads, so a silent network cannot
// hang the listener.
const pollTimeout = 30 * time.Second

// listener holds one dedicated connection that LISTENs on the schema's
// channel, and polls the heads of open streams on it every PollInterval.
// Every notification and every poll fires the feed's signal.
// When the connection breaks it reconnects and fires every signal: a
// notification may have been lost in between, and watchers re-read from
// their last version.
type listener struct {
	a      *Adapter
	cfg    *pgx.ConnConfig
	cancel context.CancelFunc
	done   chan struct{}
}

func listen(ctx context.Context, a *Adapter) (*listener, error) {
	cfg := a.pool.Config().ConnConfig
	name := cfg.RuntimeParams["application_name"]
	if name == "" {
		name = "sealstream"
	}
	cfg.RuntimeParams["application_name"] = name + " listen"
	l := &listener{a: a, cfg: cfg, done: make(chan struct{})}
	conn, err := l.connect(ctx)
	if err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go l.run(lctx, conn)
	return l, nil
}

func (l *listener) stop() {
	l.cancel()
	<-l.done
}

func (l *listener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: listener: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.a.q.channel}.Sanitize()); err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("postgres: listener: listen: %w", err)
	}
	return conn, nil
}

// run serves conn until it breaks, then reconnects, until ctx ends.
func (l *listener) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	for {
		_ = l.serve(ctx, conn)
		closeConn(conn)
		for conn = nil; conn == nil; {
			if ctx.Err() != nil {
				return
			}
			var err error
			if conn, err = l.connect(ctx); err != nil {
				l.sleep(ctx)
			}
		}
		l.a.wakeAll()
	}
}

func (l *listener) sleep(ctx context.Context) {
	t := time.NewTimer(l.a.opts.PollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// serve delivers notifications and polls when PollInterval has passed
// since the last poll. It returns when ctx ends or the connection fails.
func (l *listener) serve(ctx context.Context, conn *pgx.Conn) error {
	next := time.Now().Add(l.a.opts.PollInterval)
	for {
		wctx, cancel := context.WithDeadline(ctx, next)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			l.deliver(n.Payload)
		case pgconn.Timeout(err) && !conn.IsClosed():
			l.a.feed.Notify() // a change held back by a running transaction may show now
			if err := l.poll(ctx, conn); err != nil {
				return err
			}
			next = time.Now().Add(l.a.opts.PollInterval)
		default:
			return err
		}
	}
}

// deliver handles a payload "version:stream".
func (l *listener) deliver(payload string) {
	l.a.feed.Notify()
	v, id, ok := strings.Cut(payload, ":")
	if !ok {
		return
	}
	if n, err := strconv.ParseUint(v, 10, 64); err == nil {
		l.a.reg.seen(id, n)
	}
}

func notification(streamID string, head uint64) string {
	return strconv.FormatUint(head, 10) + ":" + streamID
}

// poll reads the heads of the streams with open logs.
func (l *listener) poll(ctx context.Context, conn *pgx.Conn) error {
	ids := l.a.reg.ids()
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, pollTimeout)
	defer cancel()
	rows, err := conn.Query(ctx, l.a.q.heads, ids)
	if err != nil {
		return err
	}
	var id string
	var v int64
	_, err = pgx.ForEachRow(rows, []any{&id, &v}, func() error {
		l.a.reg.seen(id, uint64(v))
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("postgres: listener: poll: %w", err)
	}
	return err
}

func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = conn.Close(ctx)
}
