package postgres_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/codec"
)

// TestKilledMidAppend holds an append in the middle of its transaction
// (head row moved, first record inserted, the next one waiting on a row
// lock) and kills its connection: nothing of the batch remains, and the
// next append on the same handle works.
func TestKilledMidAppend(t *testing.T) {
	schema, u := freshSchema(t)
	const app = "kill-mid"
	l := adaptertest.OpenLog(t, openAdapter(t, withParam(t, u, "application_name", app), postgres.Options{}), "k")
	recs := adaptertest.Records("k", 0, 101, nil)
	if err := l.Append(context.Background(), 0, recs[:1]); err != nil {
		t.Fatal(err)
	}

	blocker := connect(t, u)
	tx, err := blocker.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(context.Background(), sprintfSchema(`INSERT INTO %s.records
		(stream, version, event_id, "type", "time", metadata, prev, payload)
		VALUES ('k', 3, 'blocker', 'T', 0, '\x00', '', '')`, schema))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- l.Append(context.Background(), 1, recs[1:]) }()
	pid := waitForLock(t, u, app)
	killPID(t, u, pid)
	if err := <-done; err == nil {
		t.Fatal("Append on a killed connection returned nil")
	}
	if err := tx.Rollback(context.Background()); err != nil {
		t.Fatal(err)
	}

	if n := countRows(t, connect(t, u), schema, "k"); n != 1 {
		t.Fatalf("%d records stored after the killed append, want 1", n)
	}
	if err := l.Append(context.Background(), 1, recs[1:]); err != nil {
		t.Fatalf("Append after the kill: %v", err)
	}
	if got := adaptertest.ReadAll(t, l, 1); len(got) != 101 {
		t.Fatalf("stream has %d records, want 101", len(got))
	}
}

// TestKillAtRandomMoments kills the adapter's connections at a random
// moment of a 50-record append, 40 times. Each batch is either fully
// stored or absent (fully stored if Append returned nil), and an append
// right after each kill works.
func TestKillAtRandomMoments(t *testing.T) {
	schema, u := freshSchema(t)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	const app, batch, rounds = "kill-random", 50, 40
	l := adaptertest.OpenLog(t, openAdapter(t, withParam(t, u, "application_name", app), postgres.Options{}), "k")
	admin := connect(t, u)
	// Kill at a random moment within 1.5 times a normal append's duration.
	start := time.Now()
	if err := l.Append(context.Background(), 0, bigRecords(0, batch)); err != nil {
		t.Fatal(err)
	}
	span := int64(time.Since(start)) * 3 / 2
	landed := 0
	for round := range rounds {
		before := countRows(t, admin, schema, "k")
		recs := bigRecords(before, batch)
		done := make(chan error, 1)
		go func() { done <- l.Append(context.Background(), uint64(before), recs) }()
		time.Sleep(time.Duration(rng.Int64N(span)))
		terminateOn(t, admin, app)
		err := <-done
		after := countRows(t, admin, schema, "k")
		switch {
		case after == before+batch:
			landed++
		case after != before || err == nil:
			t.Fatalf("round %d: %d records before, %d after, Append = %v; want all or none, all if nil", round, before, after, err)
		}
		if err := l.Append(context.Background(), uint64(after), bigRecords(after, 1)); err != nil {
			t.Fatalf("round %d: Append after the kill: %v", round, err)
		}
	}
	t.Logf("%d of %d killed batches had landed", landed, rounds)
	all := adaptertest.ReadAll(t, l, 1)
	for i, r := range all {
		if r.Version != uint64(i)+1 {
			t.Fatalf("record %d has version %d", i, r.Version)
		}
	}
	if h := adaptertest.HeadOf(t, l); h.Version != uint64(len(all)) {
		t.Fatalf("head %d, but %d records", h.Version, len(all))
	}
}

func bigRecords(from, n int) []codec.Record {
	recs := adaptertest.Records("k", uint64(from), n, nil)
	for i := range recs {
		recs[i].Payload = make([]byte, 4096)
	}
	return recs
}

// waitForLock returns the backend of application app once it waits on a lock.
func waitForLock(t *testing.T, u, app string) int {
	t.Helper()
	conn := connect(t, u)
	for range 3000 {
		var pid int
		err := conn.QueryRow(context.Background(), `SELECT pid FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock'`, app).Scan(&pid)
		if err == nil {
			return pid
		}
		if err != pgx.ErrNoRows {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the append never waited on the lock")
	return 0
}

func killPID(t *testing.T, u string, pid int) {
	t.Helper()
	var ok bool
	if err := connect(t, u).QueryRow(context.Background(), `SELECT pg_terminate_backend($1)`, pid).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, ok, err)
	}
}

// countRows counts the stored records of stream by plain SQL.
func countRows(t *testing.T, conn *pgx.Conn, schema, stream string) int {
	t.Helper()
	var n int
	err := conn.QueryRow(context.Background(), sprintfSchema(`SELECT count(*) FROM %s.records WHERE stream = $1`, schema), stream).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
