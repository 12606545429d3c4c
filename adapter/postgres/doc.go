// Package postgres is the PostgreSQL adapter of sealstream, built on pgx
// (a pgxpool underneath). It lives in a module of its own, so the core
// never depends on a database driver.
//
// # Opening
//
// [Open] has the signature of the stream package's opener, so a store on
// PostgreSQL is one line of configuration:
//
//	store, err := stream.NewStore(ctx, stream.Config{
//		URL:    "postgres://app@db.internal/app?schema=events",
//		Keys:   ring,
//		Opener: postgres.Open,
//	})
//
// Both postgres:// and postgresql:// URLs work, with every pgx setting
// (sslmode, pool_max_conns, application_name, …). The schema parameter
// names the schema that holds the tables; without it the connection's
// current schema is used. [OpenWith] takes [Options] for the rest.
//
// # Tables
//
// The tables are created on first use, in one transaction under an
// advisory lock, so concurrent first users never race:
//
//   - records: one row per record (stream, version, event_id, type, time,
//     metadata, prev, payload, tx), with UNIQUE (stream, version),
//     UNIQUE (stream, event_id) and an index on tx, the ID of the
//     transaction that wrote the record (see the change feed). Metadata is stored as its canonical bytes,
//     so it round-trips exactly; the payload is the sealed envelope.
//     Logs are [adapter.Finder]s: the stream package's duplicate check
//     for caller-supplied event IDs is one query on the event_id index.
//   - streams: one row per non-empty stream, its head version and size.
//   - keysets: the protected keysets of a [BlobStore], if one is used.
//
// Stream IDs, event IDs and records are always query parameters, never
// SQL. A stream ID must be UTF-8 of at most [MaxStreamIDLen] bytes without
// control characters ([sealstream.ErrInvalidStreamID] otherwise); a record
// is bounded by Options.MaxRecordSize ([sealstream.ErrTooLarge]).
//
// # Appending
//
// An append is one transaction. It moves the stream's head row from the
// expected version to the new head (a writer holding a stale head finds no
// row to move and gets [sealstream.ErrConflict]), inserts every record of
// the batch in one statement over arrays, and queues a NOTIFY that
// PostgreSQL sends only at commit. The unique constraints are the last
// word: a version or event ID already taken is ErrConflict too, and the
// transaction leaves nothing behind. Commits are synchronous
// (synchronous_commit=on unless the URL sets it), so an acknowledged append
// is on disk.
//
// # Listing and erasing
//
// [Adapter.Streams] lists the streams with a head row (those holding a
// record) whose IDs start with a prefix: a LIKE with the prefix's
// wildcards escaped, a page of IDs per query in the column's collation
// order. [Adapter.Erase] deletes a stream's head row, then its records,
// in one transaction: irreversible. Deleting the head row first waits for
// an append in flight, which holds that row, so no record of it survives.
//
// # Reading and watching
//
// Read pages through a stream by version (keyset pagination), one page in
// memory at a time, holding no connection while it yields. Each adapter
// keeps one dedicated connection that LISTENs for the commits of its
// schema and fires the Changed channels of the streams they name. The same
// connection polls the heads of open streams every Options.PollInterval in
// case a notification is lost, and after it reconnects it fires every
// Changed channel: a watcher re-reads from its last version, so no event is
// ever skipped. Close stops the listener.
//
// # Change feed
//
// An [Adapter] is an [adapter.Feed]: [Adapter.Changes] yields every append
// of every stream of the schema, in one order. An append is one
// transaction, and its position is that transaction's 64-bit ID (xid8),
// which the records table's tx column takes by default
// (pg_current_xact_id()); a change is the records of one (tx, stream),
// from their lowest version to their highest. Transaction IDs are taken
// when a transaction starts writing and become visible when it commits,
// out of order, so Changes reads only the transactions below the oldest
// one still running on the server (pg_snapshot_xmin of the query's
// snapshot): nothing can later commit at a position a consumer has
// passed, and one that saved the position of the last change it handled
// misses nothing when it resumes after it. The price is latency, never
// correctness: a long-running transaction, or a prepared transaction left
// behind, of any client of the server (in any database of the cluster),
// holds back the changes after it until it ends. Positions are the
// cluster's transaction IDs: they survive restarts, failover to a physical
// replica and pg_upgrade, but not a dump restored into another cluster or
// a copy by logical replication, where new appends would take positions
// below the copied ones. An Erase deletes the stream's rows, and its
// changes leave the feed with them.
//
// [Adapter.FeedChanged] fires after every append of this adapter, every
// notification of an append to the schema, every poll of the listener (a
// change held back by a running transaction shows when it ends, which
// sends no notification) and every reconnect; Close closes it.
//
// Tables made before the change feed gain the tx column and its index
// when an adapter of this version first opens them, in one transaction
// under the advisory lock, which needs the right to alter the table. It
// waits for the appends in flight, bars new ones until it commits and
// rewrites every row once. The stored history becomes one change per
// stream, versions 1 to its head at the migration, each at a position of
// its own below every later append: the transaction IDs just below the
// migration's (a database restored into a new cluster may hold more
// streams than that cluster has taken IDs; the migration then first runs
// as many empty transactions). Adapters of older versions keep working on
// the migrated table: the column's default stamps their appends.
package postgres
