package postgres_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

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

// TestMigrateOldTable opens a schema made before the change feed from
// four adapters at once: the stored history becomes one change per
// stream, each at a position of its own, below every later append; an
// older version of the adapter, which names no tx, still appends; a
// second migration changes nothing.
func TestMigrateOldTable(t *testing.T) {
	schema, u := freshSchema(t)
	oldTables(t, u, schema)
	for _, b := range []struct {
		id       string
		from, to int
	}{{"a", 1, 2}, {"b", 1, 1}, {"a", 3, 3}, {"c", 1, 4}} {
		tx := beginRaw(t, u)
		rawAppend(t, tx, schema, b.id, b.from, b.to)
		commit(t, tx)
	}
	adapters := make([]*postgres.Adapter, 4)
	var wg sync.WaitGroup
	for i := range adapters {
		wg.Go(func() { adapters[i], _ = postgres.OpenWith(context.Background(), u, postgres.Options{}) })
	}
	wg.Wait()
	for i, a := range adapters {
		if a == nil {
			t.Fatalf("adapter %d did not open", i)
		}
		t.Cleanup(func() { _ = a.Close() })
	}
	a := adapters[0]
	old := adaptertest.Changes(t, a, 0)
	if got, want := fmt.Sprint(describeAll(old)), "[a 1-3 b 1-1 c 1-4]"; got != want {
		t.Fatalf("Changes(0) after the migration = %s, want %s", got, want)
	}
	tx := beginRaw(t, u) // an older adapter appends after the migration
	rawAppend(t, tx, schema, "b", 2, 2)
	commit(t, tx)
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
	var idx int
	if err := connect(t, u).QueryRow(context.Background(), `SELECT count(*) FROM pg_indexes
		WHERE schemaname = $1 AND indexname = 'sealstream_records_tx'`, schema).Scan(&idx); err != nil || idx != 1 {
		t.Fatalf("index on tx: found %d, %v", idx, err)
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

// TestMigrateWaitsForAppendInFlight: an append of an older adapter that
// has moved its head row when the migration starts finishes first, and
// its records are part of the migrated history. Were they written after
// the migration, they would carry the append's transaction ID, below the
// migrated history's position: the stream's versions 2 before 1.
func TestMigrateWaitsForAppendInFlight(t *testing.T) {
	schema, u := freshSchema(t)
	oldTables(t, u, schema)
	tx := beginRaw(t, u)
	rawAppend(t, tx, schema, "a", 1, 1)
	commit(t, tx)
	inFlight := beginRaw(t, u)
	rawHead(t, inFlight, schema, "a", 2)
	for range 3 { // other transactions: the append's ID is not the one just below the migration's
		runSQL(t, u, `SELECT pg_current_xact_id()`)
	}

	const name = "migrate-wait-test"
	type opened struct {
		a   *postgres.Adapter
		err error
	}
	done := make(chan opened, 1)
	go func() {
		a, err := postgres.OpenWith(context.Background(), withParam(t, u, "application_name", name), postgres.Options{})
		done <- opened{a, err}
	}()
	var res *opened
	conn := connect(t, u)
	for deadline := time.Now().Add(30 * time.Second); res == nil; time.Sleep(10 * time.Millisecond) {
		select {
		case r := <-done:
			res = &r
			continue
		default:
		}
		var waiting int
		if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, name).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 || time.Now().After(deadline) {
			break
		}
	}
	rawRecord(t, inFlight, schema, "a", 2)
	commit(t, inFlight)
	if res == nil {
		r := <-done
		res = &r
	}
	if res.err != nil {
		t.Fatalf("OpenWith: %v", res.err)
	}
	t.Cleanup(func() { _ = res.a.Close() })
	if got := describeAll(adaptertest.Changes(t, res.a, 0)); fmt.Sprint(got) != "[a 1-2]" {
		t.Fatalf("Changes(0) = %v, want [a 1-2]", got)
	}
}
