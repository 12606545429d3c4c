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

// txIndex names the index on records.tx that the change feed reads by.
const txIndex = "sealstream_records_tx"

// logTables are the tables of the logs. records holds one row per record,
// with the ID of the transaction that wrote it (the feed's position);
// streams one row per non-empty stream with its head version and size, the
// row that Append moves from the expected head, so that a stale writer
// finds nothing to update and a gap can never be made. Tables made before
// records had tx gain it in migrate.
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
		tx       xid8   NOT NULL DEFAULT pg_current_xact_id(),
		CONSTRAINT ` + versionKey + ` PRIMARY KEY (stream, version),
		CONSTRAINT ` + eventIDKey + ` UNIQUE (stream, event_id))`},
	{"streams", `CREATE TABLE IF NOT EXISTS %s (
		stream  text   PRIMARY KEY,
		version bigint NOT NULL CHECK (version > 0),
		bytes   bigint NOT NULL)`},
}

// queries holds the statements of one schema, table names quoted and
// qualified. Stream IDs and records are always parameters.
type queries struct {
	channel  string // NOTIFY channel of the schema
	headInit string // first append: create the head row at the new head
	headMove string // later appends: move the head row from expect
	insert   string
	notify   string
	head     string
	page     string
	heads    string
	list     string // a page of stream IDs matching a LIKE pattern, after an ID
	drop     string // erase: the head row first, which waits for an append in flight
	dropRecs string // erase: then the records
	find     string // versions of event IDs, through the unique (stream, event_id) index
	changes  string // a page of the feed: (tx, stream) groups after a key, below the xmin
}

func newQueries(schema string) *queries {
	sum := sha256.Sum256([]byte("sealstream/channel\x00" + schema))
	records, streams := qualify(schema, "records"), qualify(schema, "streams")
	return &queries{
		channel:  "sealstream_" + hex.EncodeToString(sum[:8]),
		headInit: `INSERT INTO ` + streams + ` (stream, version, bytes) VALUES ($1, $2, $3) ON CONFLICT (stream) DO NOTHING`,
		headMove: `UPDATE ` + streams + ` SET version = $2, bytes = bytes + $3 WHERE stream = $1 AND version = $4`,
		insert: `INSERT INTO ` + records + ` (stream, version, event_id, "type", "time", metadata, prev, payload)
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
		find:     `SELECT event_id, version FROM ` + records + ` WHERE stream = $1 AND event_id = ANY($2)`,
		// The text of tx is named pos: named tx, it would be what ORDER BY
		// tx sorts, as text.
		changes: `SELECT tx::text AS pos, stream, min(version), max(version) FROM ` + records + `
			WHERE tx >= $1::text::xid8 AND (tx > $1::text::xid8 OR stream > $2::text)
				AND tx < pg_snapshot_xmin(pg_current_snapshot())
			GROUP BY tx, stream ORDER BY tx, stream LIMIT $3`,
	}
}
