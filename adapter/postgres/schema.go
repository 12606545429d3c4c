package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// table is one table of a schema and the statement that creates it; ddl
// holds %s where the quoted, schema-qualified name goes.
type table struct{ name, ddl string }

// ensure creates schema and tables if missing, in one transaction under an
// advisory lock, so that concurrent first users never race. When they all
// exist it changes nothing, so a role without CREATE rights can use tables
// made by another.
func ensure(ctx context.Context, pool *pgxpool.Pool, schema string, tables []table) error {
	if err := ensureTx(ctx, pool, schema, tables); err != nil {
		return fmt.Errorf("postgres: create tables in schema %q: %w", schema, err)
	}
	return nil
}

func ensureTx(ctx context.Context, pool *pgxpool.Pool, schema string, tables []table) error {
	have, err := allExist(ctx, pool, schema, tables)
	if err != nil || have {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(schema)); err != nil {
			return err
		}
		var exists bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists)
		if err != nil {
			return err
		}
		if !exists {
			if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
				return err
			}
		}
		for _, t := range tables {
			if _, err := tx.Exec(ctx, fmt.Sprintf(t.ddl, qualify(schema, t.name))); err != nil {
				return err
			}
		}
		return nil
	})
}

func allExist(ctx context.Context, pool *pgxpool.Pool, schema string, tables []table) (bool, error) {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = qualify(schema, t.name)
	}
	var missing int
	err := pool.QueryRow(ctx, `SELECT count(*) FROM unnest($1::text[]) AS n WHERE to_regclass(n) IS NULL`, names).Scan(&missing)
	return missing == 0, err
}

// qualify returns the quoted name of table in schema.
func qualify(schema, name string) string { return pgx.Identifier{schema, name}.Sanitize() }

// lockKey is the advisory lock that serialises schema creation.
func lockKey(schema string) int64 {
	sum := sha256.Sum256([]byte("sealstream/schema-lock\x00" + schema))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// currentSchema returns the connection's current schema.
func currentSchema(ctx context.Context, pool *pgxpool.Pool) (string, error) {
	var s *string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&s); err != nil {
		return "", fmt.Errorf("postgres: current schema: %w", err)
	}
	if s == nil {
		return "", fmt.Errorf("postgres: no schema on the search_path exists; name one with ?schema=")
	}
	return *s, nil
}
