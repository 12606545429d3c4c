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
// advisory lock, so concurrent first users never race (the change feed's
// table in a second one, see the change feed):
//
//   - records: one row per record (stream, version, event_id, type, time,
//     metadata, prev, payload), with UNIQUE (stream, version) and
//     UNIQUE (stream, event_id). Metadata is stored as its canonical bytes,
//     so it round-trips exactly; the payload is the sealed envelope.
//     Logs are [adapter.Finder]s: the stream package's duplicate check
//     for caller-supplied event IDs is one query on the event_id index.
//   - streams: one row per non-empty stream, its head version and size.
//   - changes: one row per append (tx, stream, from_version, to_version),
//     keyed on (tx, stream), with an index on stream (see the change feed).
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
// row to move and gets [sealstream.ErrConflict]), then, in one round
// trip, inserts every record of the batch over arrays and the append's
// row of the change feed in one statement, and queues a NOTIFY that
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
// order. [Adapter.Erase] deletes a stream's head row, then its records
// and changes, in one transaction: irreversible. Deleting the head row
// first waits for an append in flight, which holds that row, so no record
// of it survives.
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
// transaction, and writes one row of the changes table in it: the stream,
// the versions it added and its position, that transaction's 64-bit ID
// (xid8), which the tx column takes by default (pg_current_xact_id()). The
// feed is read in (tx, stream) order, a page per query on the table's key.
// Transaction IDs are taken when a transaction starts writing and become
// visible when it commits, out of order, so Changes reads only the
// transactions below the oldest one still running on the server
// (pg_snapshot_xmin of the query's snapshot): nothing can later commit at
// a position a consumer has passed, and one that saved the position of
// the last change it handled misses nothing when it resumes after it. The
// price is latency, never correctness: a long-running transaction, or a
// prepared transaction left behind, of any client of the server (in any
// database of the cluster), holds back the changes after it until it
// ends. Positions are the cluster's transaction IDs: they survive
// restarts, failover to a physical replica and pg_upgrade, but not a dump
// restored into another cluster or a copy by logical replication, where
// new appends would take positions below the copied ones. An Erase
// deletes the stream's changes with its records, and they leave the feed.
// The feed costs an append one row and two index entries (the key and
// stream), whatever the number of records.
//
// [Adapter.FeedChanged] fires after every append of this adapter, every
// notification of an append to the schema, every poll of the listener (a
// change held back by a running transaction shows when it ends, which
// sends no notification) and every reconnect; Close closes it.
//
// A schema without the changes table gets it when an adapter of this
// version first opens it, in one transaction under the advisory lock
// (which needs the right to create tables in the schema). The migration
// waits for the appends in flight and bars new ones until it commits
// (reads go on), and rewrites no record. The stored history becomes one
// change per stream, versions 1 to its head at the migration, each at a
// position of its own below every later append: the transaction IDs just
// below the migration's (a database restored into a new cluster may hold
// more streams than that cluster has taken IDs; the migration then first
// runs as many empty transactions). Once a schema is migrated, every
// adapter appending to it must be of this version or later: an older one
// writes no row of the changes table, so its appends would be missing
// from the feed.
package postgres
