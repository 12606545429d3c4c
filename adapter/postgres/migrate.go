package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrate gives a records table made before the change feed its tx
// column and index, once, under the schema's advisory lock. When both
// exist it changes nothing.
//
// The rows already stored get positions below every transaction ID that
// can still write a record: each stream its own, in stream order, so the
// old history of a stream is one change (versions 1 to its head) and no
// two changes share a position. The migration first waits for the appends
// in flight (an EXCLUSIVE lock on streams, whose head row every append
// moves first) and bars new ones until it commits, so a later append gets
// a transaction ID above the migration's own. The positions are the IDs
// just below the migration's; a server that has run fewer transactions
// than there are streams (a database restored into a new cluster) first
// runs empty transactions until it has.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	records, index := qualify(schema, "records"), qualify(schema, txIndex)
	var done bool
	if err := pool.QueryRow(ctx, `SELECT `+hasTx+` AND to_regclass($2) IS NOT NULL`, records, index).Scan(&done); err != nil || done {
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
	return fmt.Errorf("postgres: add the change feed's column to schema %q: streams keep outnumbering the server's transactions", schema)
}

// hasTx tells whether the table named by $1 has the tx column.
const hasTx = `EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'tx' AND NOT attisdropped)`

func migrateErr(schema string, err error) error {
	if err != nil {
		return fmt.Errorf("postgres: add the change feed's column to schema %q: %w", schema, err)
	}
	return nil
}

// migrateTx adds the column and the index in one transaction. When there
// are more streams than transaction IDs below the migration's, it changes
// nothing (the transaction commits having written nothing) and returns how
// many are missing.
func migrateTx(ctx context.Context, pool *pgxpool.Pool, schema string) (short uint64, err error) {
	records, streams := qualify(schema, "records"), qualify(schema, "streams")
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(schema)); err != nil {
			return err
		}
		var has bool
		if err := tx.QueryRow(ctx, `SELECT `+hasTx, records).Scan(&has); err != nil {
			return err
		}
		if !has {
			if short, err = stamp(ctx, tx, records, streams); err != nil || short > 0 {
				return err
			}
		}
		_, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS `+pgx.Identifier{txIndex}.Sanitize()+` ON `+records+` (tx)`)
		return err
	})
	return short, err
}

// stamp adds the column to records, numbering the stored streams with the
// transaction IDs just below the current transaction's.
func stamp(ctx context.Context, tx pgx.Tx, records, streams string) (short uint64, err error) {
	for _, q := range []string{
		`LOCK TABLE ` + streams + ` IN EXCLUSIVE MODE`, // waits for the appends in flight
		`LOCK TABLE ` + records + ` IN ACCESS EXCLUSIVE MODE`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return 0, err
		}
	}
	var n uint64
	var current string
	err = tx.QueryRow(ctx, `SELECT (SELECT count(DISTINCT stream) FROM `+records+`), pg_current_xact_id()::text`).Scan(&n, &current)
	if err != nil {
		return 0, err
	}
	m, err := strconv.ParseUint(current, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("transaction ID %q: %w", current, err)
	}
	if n >= m { // positions m-n … m-1 must all be above 0
		return n - m + 1, nil
	}
	steps := []struct {
		sql  string
		args []any
	}{
		{`ALTER TABLE ` + records + ` ADD COLUMN tx xid8`, nil},
		{`UPDATE ` + records + ` r SET tx = (($1::numeric + s.rank)::text)::xid8
			FROM (SELECT stream, row_number() OVER (ORDER BY stream) AS rank FROM ` + records + ` GROUP BY stream) s
			WHERE r.stream = s.stream`, []any{strconv.FormatUint(m-n-1, 10)}},
		{`ALTER TABLE ` + records + ` ALTER COLUMN tx SET DEFAULT pg_current_xact_id(), ALTER COLUMN tx SET NOT NULL`, nil},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// burn runs n empty transactions, each taking a transaction ID, in one
// round trip. Their commits need not reach the disk at once: the
// migration's commit, later in the log, flushes them with it.
func burn(ctx context.Context, pool *pgxpool.Pool, n uint64) error {
	_, err := pool.Exec(ctx, `DO $$ BEGIN FOR i IN 1..`+strconv.FormatUint(n, 10)+` LOOP
		PERFORM set_config('synchronous_commit', 'off', true);
		PERFORM pg_current_xact_id();
		COMMIT;
	END LOOP; END $$`, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return fmt.Errorf("take %d transaction IDs: %w", n, err)
	}
	return nil
}
