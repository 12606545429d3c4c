package postgres_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// oldTables creates schema with the tables as versions of the adapter
// before the change feed made them: records has no tx column.
func oldTables(t *testing.T, u, schema string) {
	t.Helper()
	runSQL(t, u, sprintfSchema(`CREATE SCHEMA %s`, schema))
	runSQL(t, u, sprintfSchema(`CREATE TABLE %s.records (
		stream   text   NOT NULL,
		version  bigint NOT NULL CHECK (version > 0),
		event_id text   NOT NULL,
		"type"   text   NOT NULL,
		"time"   bigint NOT NULL,
		metadata bytea  NOT NULL,
		prev     bytea  NOT NULL,
		payload  bytea  NOT NULL,
		CONSTRAINT sealstream_records_version PRIMARY KEY (stream, version),
		CONSTRAINT sealstream_records_event_id UNIQUE (stream, event_id))`, schema))
	runSQL(t, u, sprintfSchema(`CREATE TABLE %s.streams (
		stream  text   PRIMARY KEY,
		version bigint NOT NULL CHECK (version > 0),
		bytes   bigint NOT NULL)`, schema))
}

// migrated fails the test unless schema has the layout of this version:
// the changes table, and records without the tx column or its index.
func migrated(t *testing.T, u, schema string) {
	t.Helper()
	var changes, column, index bool
	err := connect(t, u).QueryRow(context.Background(), `SELECT to_regclass($1) IS NOT NULL,
		EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($2) AND attname = 'tx' AND NOT attisdropped),
		to_regclass($3) IS NOT NULL`,
		sprintfSchema(`%s.changes`, schema), sprintfSchema(`%s.records`, schema), sprintfSchema(`%s.sealstream_records_tx`, schema),
	).Scan(&changes, &column, &index)
	if err != nil || !changes || column || index {
		t.Fatalf("after the migration: changes table %v, records.tx %v, its index %v (%v); want true, false, false",
			changes, column, index, err)
	}
}

// openAtOnce opens n adapters on u at the same time, closed when the test
// ends.
func openAtOnce(t *testing.T, u string, n int) []*postgres.Adapter {
	t.Helper()
	adapters := make([]*postgres.Adapter, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range adapters {
		wg.Go(func() { adapters[i], errs[i] = postgres.OpenWith(context.Background(), u, postgres.Options{}) })
	}
	wg.Wait()
	for i, a := range adapters {
		if a != nil {
			t.Cleanup(func() { _ = a.Close() })
		}
		if errs[i] != nil {
			t.Fatalf("adapter %d did not open: %v", i, errs[i])
		}
	}
	return adapters
}

// TestMigrateOldTable opens a schema made before the change feed from
// four adapters at once: the stored history becomes one change per
// stream, each at a position of its own, below every later append; a
// second migration changes nothing.
func TestMigrateOldTable(t *testing.T) {
	schema, u := freshSchema(t)
	oldTables(t, u, schema)
	for _, b := range []struct {
		id       string
		from, to int
	}{{"a", 1, 2}, {"b", 1, 1}, {"a", 3, 3}, {"c", 1, 4}} {
		tx := beginRaw(t, u)
		rawOldAppend(t, tx, schema, b.id, b.from, b.to)
		commit(t, tx)
	}
	a := openAtOnce(t, u, 4)[0]
	old := adaptertest.Changes(t, a, 0)
	if got, want := fmt.Sprint(describeAll(old)), "[a 1-3 b 1-1 c 1-4]"; got != want {
		t.Fatalf("Changes(0) after the migration = %s, want %s", got, want)
	}
	migrated(t, u, schema)
	appendN(t, a, "b", 1)
	appendN(t, a, "a", 1)
	all := adaptertest.Changes(t, a, 0)
	if got, want := fmt.Sprint(describeAll(all)), "[a 1-3 b 1-1 c 1-4 b 2-2 a 4-4]"; got != want {
		t.Fatalf("Changes(0) = %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(describeAll(adaptertest.Changes(t, a, old[2].Position))), "[b 2-2 a 4-4]"; got != want {
		t.Fatalf("Changes after the migrated history = %s, want %s", got, want)
	}
	again := adaptertest.Changes(t, openAdapter(t, u, postgres.Options{}), 0)
	if fmt.Sprint(again) != fmt.Sprint(all) {
		t.Fatalf("after a second Open, Changes(0) = %v, was %v", again, all)
	}
}

// TestMigrateMoreStreamsThanTransactions migrates a table holding more
// streams than the server has run transactions (as after a restore into
// a new cluster): each stream still gets a position of its own.
func TestMigrateMoreStreamsThanTransactions(t *testing.T) {
	schema, u := freshSchema(t)
	oldTables(t, u, schema)
	var current string
	if err := connect(t, u).QueryRow(context.Background(), `SELECT pg_current_xact_id()::text`).Scan(&current); err != nil {
		t.Fatal(err)
	}
	next, err := strconv.ParseUint(current, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	n := int(next) + 100
	runSQL(t, u, sprintfSchema(`INSERT INTO %s.records (stream, version, event_id, "type", "time", metadata, prev, payload)
		SELECT 's' || i, 1, 'e', 'T', 0, '\x00', '', 'x' FROM generate_series(1, $1::int) AS i`, schema), n)
	runSQL(t, u, sprintfSchema(`INSERT INTO %s.streams SELECT 's' || i, 1, 1 FROM generate_series(1, $1::int) AS i`, schema), n)
	a := openAdapter(t, u, postgres.Options{PageSize: 1000})
	got := adaptertest.Changes(t, a, 0) // fails on a position that does not grow
	if len(got) != n {
		t.Fatalf("Changes(0) gave %d changes, want %d", len(got), n)
	}
	appendN(t, a, "s1", 1)
	if after := describeAll(adaptertest.Changes(t, a, got[n-1].Position)); fmt.Sprint(after) != "[s1 2-2]" {
		t.Fatalf("Changes after the migrated history = %v, want [s1 2-2]", after)
	}
}
