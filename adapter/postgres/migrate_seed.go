package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// seed makes the changes table for a records table made before the
// change feed (or just made, empty) and writes the history already
// stored as one change per stream, versions 1 to its head, each at a
// position of its own below every transaction ID that can still append:
// the IDs just below the current transaction's, in stream order. When
// there are more streams than such IDs (a database restored into a new
// cluster), it writes nothing and returns how many are missing.
func seed(ctx context.Context, tx pgx.Tx, schema string) (short uint64, err error) {
	records, changes := qualify(schema, "records"), qualify(schema, "changes")
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
	if err := createChanges(ctx, tx, schema); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO `+changes+` (tx, stream, from_version, to_version)
		SELECT (($1::numeric + row_number() OVER (ORDER BY stream))::text)::xid8, stream, min(version), max(version)
		FROM `+records+` GROUP BY stream`, strconv.FormatUint(m-n-1, 10))
	return 0, err
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
