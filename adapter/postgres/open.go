package postgres

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// Adapter keeps the logs of one PostgreSQL schema. It is safe for
// concurrent use; see the package doc for the tables, the watch and the
// change feed.
type Adapter struct {
	pool  *pgxpool.Pool
	q     *queries
	opts  Options
	reg   registry
	feed  adapter.Signal // the change feed's signal; see FeedChanged
	watch *listener

	attempts int // tries of a statement safe to repeat; see retry.go

	mu     sync.Mutex
	closed bool
}

// Open connects to the database at url (postgres:// or postgresql://),
// creates the tables on first use and starts the change listener. Its
// signature is that of the stream package's opener:
//
//	stream.Config{URL: "postgres://app@db/app", Opener: postgres.Open}
//
// The URL takes every pgx setting (sslmode, pool_max_conns, …) and an
// optional schema parameter. A URL of another scheme returns an error
// matching [sealstream.ErrUnsupportedURL].
func Open(ctx context.Context, url string) (adapter.Adapter, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith is [Open] with options.
func OpenWith(ctx context.Context, url string, opts Options) (*Adapter, error) {
	cfg, schema, hidden, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	if opts.Schema == "" {
		opts.Schema = schema
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, hidden.hide(fmt.Errorf("postgres: connect: %w", err))
	}
	a, err := start(ctx, pool, opts.withDefaults())
	if err != nil {
		pool.Close()
		return nil, hidden.hide(err)
	}
	return a, nil
}

func start(ctx context.Context, pool *pgxpool.Pool, opts Options) (*Adapter, error) {
	if opts.Schema == "" {
		s, err := currentSchema(ctx, pool)
		if err != nil {
			return nil, err
		}
		opts.Schema = s
	}
	if err := checkSchema(opts.Schema); err != nil {
		return nil, err
	}
	if err := ensure(ctx, pool, opts.Schema, logTables); err != nil {
		return nil, err
	}
	if err := migrate(ctx, pool, opts.Schema); err != nil {
		return nil, err
	}
	a := &Adapter{pool: pool, q: newQueries(opts.Schema), opts: opts, attempts: int(pool.Config().MaxConns) + 1}
	a.reg.init()
	w, err := listen(ctx, a)
	if err != nil {
		return nil, err
	}
	a.watch = w
	return a, nil
}

// Open returns the log of streamID. Nothing is written until the first
// append. A stream ID that is empty, over [MaxStreamIDLen] bytes, not
// UTF-8 or with control characters returns an error matching
// [sealstream.ErrInvalidStreamID]; after Close, [sealstream.ErrClosed].
func (a *Adapter) Open(ctx context.Context, streamID string) (adapter.Log, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkStreamID(streamID); err != nil {
		return nil, err
	}
	if a.isClosed() {
		return nil, fmt.Errorf("postgres: open %q: %w", streamID, sealstream.ErrClosed)
	}
	return &log{a: a, id: streamID, st: a.reg.acquire(streamID)}, nil
}

// Close stops the listener and closes the connections. Logs opened from a
// return [sealstream.ErrClosed] afterwards; waiters on their Changed
// channels and on FeedChanged are woken.
func (a *Adapter) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	a.mu.Unlock()
	a.watch.stop()
	a.pool.Close()
	a.wakeAll()
	return nil
}

// wakeAll fires every Changed channel and the feed's: after a reconnect of
// the listener, or on Close.
func (a *Adapter) wakeAll() {
	a.reg.notifyAll()
	a.feed.Notify()
}

func (a *Adapter) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}
