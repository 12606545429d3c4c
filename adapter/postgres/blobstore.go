package postgres

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
)

// keysetTables is the table of protected keyset blobs. Names are bytea, so
// any name a keyring makes is stored as it is.
var keysetTables = []table{
	{"keysets", `CREATE TABLE IF NOT EXISTS %s (
		name bytea PRIMARY KEY,
		blob bytea NOT NULL)`},
}

// BlobStore is a [keyset.BlobStore] in a table of a PostgreSQL schema, so
// that a keyring can live in the database beside the logs:
//
//	store, err := postgres.NewBlobStore(ctx, url)
//	ring := keyset.New(store, keyset.MasterKey(kek))
//
// It only ever holds blobs sealed by the keyring's protector. Deleted or
// replaced blobs leave dead row versions that PostgreSQL removes at its
// next VACUUM of the table; backups and WAL archives keep what they kept.
type BlobStore struct {
	pool               *pgxpool.Pool
	own                bool
	get, put, add, del string
}

var _ keyset.BlobStore = (*BlobStore)(nil)

// NewBlobStore connects to url (postgres:// or postgresql://, with an
// optional schema parameter as for [Open]) and creates the keysets table
// on first use. Close releases the connections.
func NewBlobStore(ctx context.Context, url string) (*BlobStore, error) {
	cfg, schema, hidden, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, hidden.hide(fmt.Errorf("postgres: connect: %w", err))
	}
	s, err := BlobStoreOn(ctx, pool, schema)
	if err != nil {
		pool.Close()
		return nil, hidden.hide(err)
	}
	s.own = true
	return s, nil
}

// BlobStoreOn returns a blob store on an existing pool, in schema (empty:
// the connection's current schema). Its Close leaves the pool open.
func BlobStoreOn(ctx context.Context, pool *pgxpool.Pool, schema string) (*BlobStore, error) {
	if schema == "" {
		var err error
		if schema, err = currentSchema(ctx, pool); err != nil {
			return nil, err
		}
	}
	if err := checkSchema(schema); err != nil {
		return nil, err
	}
	if err := ensure(ctx, pool, schema, keysetTables); err != nil {
		return nil, err
	}
	t := qualify(schema, "keysets")
	return &BlobStore{
		pool: pool,
		get:  `SELECT blob FROM ` + t + ` WHERE name = $1`,
		put:  `INSERT INTO ` + t + ` (name, blob) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET blob = EXCLUDED.blob`,
		add:  `INSERT INTO ` + t + ` (name, blob) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
		del:  `DELETE FROM ` + t + ` WHERE name = $1`,
	}, nil
}

// Get returns the blob under name, or an error matching [keyset.ErrNotFound].
func (s *BlobStore) Get(ctx context.Context, name string) ([]byte, error) {
	var blob []byte
	err := s.pool.QueryRow(ctx, s.get, []byte(name)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: keyset blob %q: %w", name, keyset.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: get keyset blob %q: %w", name, err)
	}
	return blob, nil
}

// Put stores blob under name in one statement, replacing any earlier blob.
// A blob over [keyset.MaxBlobSize] returns [sealstream.ErrTooLarge].
func (s *BlobStore) Put(ctx context.Context, name string, blob []byte) error {
	if len(blob) > keyset.MaxBlobSize {
		return fmt.Errorf("postgres: keyset blob %q of %d bytes is over the %d limit: %w", name, len(blob), keyset.MaxBlobSize, sealstream.ErrTooLarge)
	}
	if _, err := s.pool.Exec(ctx, s.put, []byte(name), notNil(blob)); err != nil {
		return fmt.Errorf("postgres: put keyset blob %q: %w", name, err)
	}
	return nil
}

// Create stores blob under name only if no blob has that name yet, else it
// returns an error matching [fs.ErrExist]. A keyring uses it to create a
// stream's first keyset, so that processes sharing the database that
// create it at once all end up with the same keyset.
func (s *BlobStore) Create(ctx context.Context, name string, blob []byte) error {
	if len(blob) > keyset.MaxBlobSize {
		return fmt.Errorf("postgres: keyset blob %q of %d bytes is over the %d limit: %w", name, len(blob), keyset.MaxBlobSize, sealstream.ErrTooLarge)
	}
	tag, err := s.pool.Exec(ctx, s.add, []byte(name), notNil(blob))
	if err != nil {
		return fmt.Errorf("postgres: create keyset blob %q: %w", name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: create keyset blob %q: %w", name, fs.ErrExist)
	}
	return nil
}

// Delete removes the blob under name; a missing name is no error.
func (s *BlobStore) Delete(ctx context.Context, name string) error {
	if _, err := s.pool.Exec(ctx, s.del, []byte(name)); err != nil {
		return fmt.Errorf("postgres: delete keyset blob %q: %w", name, err)
	}
	return nil
}

// Close releases the connections the store opened itself.
func (s *BlobStore) Close() error {
	if s.own {
		s.pool.Close()
	}
	return nil
}
