package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrate gives a schema the change feed's table, once, under the
// schema's advisory lock. When the table exists it changes nothing.
//
// A schema without the table gets it in one transaction, which first
// waits for the appends in flight (an EXCLUSIVE lock on streams, whose
// head row every append moves first) and bars new ones until it commits,
// so that the changes it writes hold every record stored and a later
// append gets a transaction ID above the migration's own. The streams
// stored before get one change each (see seed).
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	var done bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, qualify(schema, "changes")).Scan(&done); err != nil || done {
		return migrateErr(schema, err)
	}
	for range 3 { // streams appended by older versions meanwhile may call for more
		short, err := migrateTx(ctx, pool, schema)
		if err != nil || short == 0 {
			return migrateErr(schema, err)
		}
		if err := burn(ctx, pool, short+1000); err != nil {
			return migrateErr(schema, err)
		}
	}
	return fmt.Errorf("postgres: add the change feed's table to schema %q: streams keep outnumbering the server's transactions", schema)
}

func migrateErr(schema string, err error) error {
	if err != nil {
		return fmt.Errorf("postgres: add the change feed's table to schema %q: %w", schema, err)
	}
	return nil
}

// migrateTx makes the changes table in one transaction. When the stored
// streams of a table made before the feed outnumber the transaction IDs
// below the migration's, it changes nothing (the transaction commits
// having written nothing) and returns how many IDs are missing.
func migrateTx(ctx context.Context, pool *pgxpool.Pool, schema string) (short uint64, err error) {
	records, streams := qualify(schema, "records"), qualify(schema, "streams")
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(schema)); err != nil {
			return err
		}
		// pg_class through a query, not to_regclass: the catalog cache
		// may not yet show a table another migration committed while
		// this one waited for the advisory lock.
		var has bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = $1 AND c.relname = 'changes')`, schema).Scan(&has)
		if err != nil || has {
			return err
		}
		for _, q := range []string{
			`LOCK TABLE ` + streams + ` IN EXCLUSIVE MODE`, // waits for the appends in flight
			`LOCK TABLE ` + records + ` IN SHARE MODE`,     // bars any other write; reads go on
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		short, err = seed(ctx, tx, schema)
		return err
	})
	return short, err
}

// createChanges makes the changes table and its index.
func createChanges(ctx context.Context, tx pgx.Tx, schema string) error {
	for _, ddl := range changesTable {
		if _, err := tx.Exec(ctx, fmt.Sprintf(ddl, qualify(schema, "changes"))); err != nil {
			return err
		}
	}
	return nil
}
