package postgres

import (
	"crypto/sha256"
	"encoding/hex"
)

// Names of the unique constraints of the records table, matched when an
// insert fails.
const (
	versionKey = "sealstream_records_version"
	eventIDKey = "sealstream_records_event_id"
)

// Names of the change feed's index on changes.stream, by which Erase
// deletes a stream's changes, and of the index on records.tx that tables
// made before the changes table had (dropped by migrate).
const (
	changesStreamIndex = "sealstream_changes_stream"
)

// logTables are the tables of the logs. records holds one row per record;
// streams one row per non-empty stream with its head version and size, the
// row that Append moves from the expected head, so that a stale writer
// finds nothing to update and a gap can never be made. The change feed's
// table, changesTable, is made by migrate.
var logTables = []table{
	{"records", `CREATE TABLE IF NOT EXISTS %s (
		stream   text   NOT NULL,
		version  bigint NOT NULL CHECK (version > 0),
		event_id text   NOT NULL,
		"type"   text   NOT NULL,
		"time"   bigint NOT NULL,
		metadata bytea  NOT NULL,
		prev     bytea  NOT NULL,
		payload  bytea  NOT NULL,
		CONSTRAINT ` + versionKey + ` PRIMARY KEY (stream, version),
		CONSTRAINT ` + eventIDKey + ` UNIQUE (stream, event_id))`},
	{"streams", `CREATE TABLE IF NOT EXISTS %s (
		stream  text   PRIMARY KEY,
		version bigint NOT NULL CHECK (version > 0),
		bytes   bigint NOT NULL)`},
}

// changesTable holds one row per append: the ID of the transaction that
// wrote it (the feed's position), the stream and the versions it added.
// Its key is the order of the feed.
var changesTable = []string{`CREATE TABLE IF NOT EXISTS %[1]s (
		tx           xid8   NOT NULL DEFAULT pg_current_xact_id(),
		stream       text   NOT NULL,
		from_version bigint NOT NULL,
		to_version   bigint NOT NULL,
		PRIMARY KEY (tx, stream))`,
	`CREATE INDEX IF NOT EXISTS ` + changesStreamIndex + ` ON %[1]s (stream)`,
}

// queries holds the statements of one schema, table names quoted and
// qualified. Stream IDs and records are always parameters.
type queries struct {
	channel  string // NOTIFY channel of the schema
	headInit string // first append: create the head row at the new head
	headMove string // later appends: move the head row from expect
	insert   string // the records of an append and its row of the change feed
	notify   string
	head     string
	page     string
	heads    string
	list     string // a page of stream IDs matching a LIKE pattern, after an ID
	drop     string // erase: the head row first, which waits for an append in flight
	dropRecs string // erase: then the records
	dropChgs string // erase: and the changes
	find     string // versions of event IDs, through the unique (stream, event_id) index
	changes  string // a page of the feed: rows after a (tx, stream) key, below the xmin
}

func newQueries(schema string) *queries {
	sum := sha256.Sum256([]byte("sealstream/channel\x00" + schema))
	records, streams, changes := qualify(schema, "records"), qualify(schema, "streams"), qualify(schema, "changes")
	return &queries{
		channel:  "sealstream_" + hex.EncodeToString(sum[:8]),
		headInit: `INSERT INTO ` + streams + ` (stream, version, bytes) VALUES ($1, $2, $3) ON CONFLICT (stream) DO NOTHING`,
		headMove: `UPDATE ` + streams + ` SET version = $2, bytes = bytes + $3 WHERE stream = $1 AND version = $4`,
		// The append's change and its records, in one statement: a
		// data-modifying WITH runs whether or not it is referenced.
		insert: `WITH c AS (INSERT INTO ` + changes + ` (stream, from_version, to_version) VALUES ($1, $9, $10))
			INSERT INTO ` + records + ` (stream, version, event_id, "type", "time", metadata, prev, payload)
			SELECT $1, r.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[],
				$6::bytea[], $7::bytea[], $8::bytea[]) AS r`,
		notify: `SELECT pg_notify($1, $2)`,
		head: `SELECT s.version, s.bytes, r.event_id, r."type", r."time", r.metadata, r.prev, r.payload
			FROM ` + streams + ` s LEFT JOIN ` + records + ` r ON r.stream = s.stream AND r.version = s.version
			WHERE s.stream = $1`,
		page: `SELECT version, event_id, "type", "time", metadata, prev, payload FROM ` + records + `
			WHERE stream = $1 AND version >= $2 ORDER BY version LIMIT $3`,
		heads: `SELECT stream, version FROM ` + streams + ` WHERE stream = ANY($1)`,
		list: `SELECT stream FROM ` + streams + ` WHERE stream LIKE $1 ESCAPE '!' AND stream > $2
			ORDER BY stream LIMIT $3`,
		drop:     `DELETE FROM ` + streams + ` WHERE stream = $1`,
		dropRecs: `DELETE FROM ` + records + ` WHERE stream = $1`,
		dropChgs: `DELETE FROM ` + changes + ` WHERE stream = $1`,
		find:     `SELECT event_id, version FROM ` + records + ` WHERE stream = $1 AND event_id = ANY($2)`,
		// The text of tx is named pos: named tx, it would be what ORDER BY
		// tx sorts, as text.
		changes: `SELECT tx::text AS pos, stream, from_version, to_version FROM ` + changes + `
			WHERE tx >= $1::text::xid8 AND (tx > $1::text::xid8 OR stream > $2::text)
				AND tx < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY tx, stream LIMIT $3`,
	}
}
