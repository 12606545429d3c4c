package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// TestMigrateWaitsForAppendInFlight: an append of an older adapter that
// has moved its head row when the migration starts finishes first, and
// its records are part of the migrated history. Were they written after
// the migration, they would have no change: an older adapter writes none,
// and the migration would have read the stream without them.
func TestMigrateWaitsForAppendInFlight(t *testing.T) {
	for _, layout := range []struct {
		name   string
		create func(t *testing.T, u, schema string)
		want   string
	}{
		{"before the feed", oldTables, "[a 1-2]"}, // one change for the history
	} {
		t.Run(layout.name, func(t *testing.T) {
			schema, u := freshSchema(t)
			layout.create(t, u, schema)
			tx := beginRaw(t, u)
			rawOldAppend(t, tx, schema, "a", 1, 1)
			commit(t, tx)
			inFlight := beginRaw(t, u)
			rawHead(t, inFlight, schema, "a", 2)
			for range 3 { // other transactions: the append's ID is not the one just below the migration's
				runSQL(t, u, `SELECT pg_current_xact_id()`)
			}
			a := openWhileLocked(t, u, "migrate-wait-test", func() {
				rawRecord(t, inFlight, schema, "a", 2)
				commit(t, inFlight)
			})
			if got := describeAll(adaptertest.Changes(t, a, 0)); fmt.Sprint(got) != layout.want {
				t.Fatalf("Changes(0) = %v, want %s", got, layout.want)
			}
			migrated(t, u, schema)
		})
	}
}

// openWhileLocked opens an adapter on u with the application_name name,
// and calls release once the opening waits for a lock (or has returned,
// or after 30 seconds). The adapter is closed when the test ends.
func openWhileLocked(t *testing.T, u, name string, release func()) *postgres.Adapter {
	t.Helper()
	type opened struct {
		a   *postgres.Adapter
		err error
	}
	done := make(chan opened, 1)
	named := withParam(t, u, "application_name", name)
	go func() {
		a, err := postgres.OpenWith(context.Background(), named, postgres.Options{})
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
	release()
	if res == nil {
		r := <-done
		res = &r
	}
	if res.err != nil {
		t.Fatalf("OpenWith: %v", res.err)
	}
	t.Cleanup(func() { _ = res.a.Close() })
	return res.a
}
