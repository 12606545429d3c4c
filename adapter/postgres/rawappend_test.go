package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// beginRaw opens a transaction on a connection of its own, rolled back at
// the end of the test if it is still open: an append by plain SQL, which
// sends no notification.
func beginRaw(t *testing.T, u string) pgx.Tx {
	t.Helper()
	tx, err := connect(t, u).Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	return tx
}

// rawHead moves (or creates) the head row of stream id to version v in
// tx, as an append does first.
func rawHead(t *testing.T, tx pgx.Tx, schema, id string, v int) {
	t.Helper()
	execIn(t, tx, sprintfSchema(`INSERT INTO %s.streams (stream, version, bytes) VALUES ($1, $2, 1)
		ON CONFLICT (stream) DO UPDATE SET version = excluded.version`, schema), id, v)
}

// rawRecord inserts version v of stream id in tx, naming only the columns
// that every version of the records table has.
func rawRecord(t *testing.T, tx pgx.Tx, schema, id string, v int) {
	t.Helper()
	execIn(t, tx, sprintfSchema(`INSERT INTO %s.records (stream, version, event_id, "type", "time", metadata, prev, payload)
		VALUES ($1, $2, $3, 'T', 0, '\x00', '', 'x')`, schema), id, v, fmt.Sprintf("%s-%d", id, v))
}

// rawChange inserts the change feed's row of an append of versions from
// to to of stream id in tx, at tx's position.
func rawChange(t *testing.T, tx pgx.Tx, schema, id string, from, to int) {
	t.Helper()
	execIn(t, tx, sprintfSchema(`INSERT INTO %s.changes (stream, from_version, to_version) VALUES ($1, $2, $3)`, schema),
		id, from, to)
}

// rawOldAppend is rawHead and rawRecord for versions from to to: an append
// as versions of the adapter before the changes table make it.
func rawOldAppend(t *testing.T, tx pgx.Tx, schema, id string, from, to int) {
	t.Helper()
	rawHead(t, tx, schema, id, to)
	for v := from; v <= to; v++ {
		rawRecord(t, tx, schema, id, v)
	}
}

// rawAppend is an append as this version makes it: rawOldAppend and
// rawChange.
func rawAppend(t *testing.T, tx pgx.Tx, schema, id string, from, to int) {
	t.Helper()
	rawOldAppend(t, tx, schema, id, from, to)
	rawChange(t, tx, schema, id, from, to)
}

func execIn(t *testing.T, tx pgx.Tx, sql string, args ...any) {
	t.Helper()
	if _, err := tx.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", firstLine(sql), err)
	}
}

func commit(t *testing.T, tx pgx.Tx) {
	t.Helper()
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// appendN appends n records to stream id of a at its head.
func appendN(t *testing.T, a *postgres.Adapter, id string, n int) {
	t.Helper()
	l := adaptertest.OpenLog(t, a, id)
	h := adaptertest.HeadOf(t, l)
	if err := l.Append(context.Background(), h.Version, adaptertest.Records(id, h.Version, n, nil)); err != nil {
		t.Fatalf("Append to %q: %v", id, err)
	}
}

// feedConsumer reads a feed as a consumer that keeps the position of the
// last change it handled does.
type feedConsumer struct {
	a    *postgres.Adapter
	last uint64
	seen []string // "stream from-to" of each change handled
}

// read handles the changes after the last one handled, and returns how
// many there were.
func (c *feedConsumer) read(t *testing.T) int {
	t.Helper()
	got := adaptertest.Changes(t, c.a, c.last)
	for _, ch := range got {
		c.seen = append(c.seen, describe(ch))
		c.last = ch.Position
	}
	return len(got)
}

func describe(c sealstream.Change) string { return fmt.Sprintf("%s %d-%d", c.Stream, c.From, c.To) }

func describeAll(cs []sealstream.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = describe(c)
	}
	return out
}
