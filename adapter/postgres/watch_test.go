package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// never is a poll interval no test outlives: with it, only notifications
// and reconnects can fire Changed.
const never = time.Hour

// waitFired fails the test unless ch is closed within a generous bound;
// the bound only keeps a broken build from hanging.
func waitFired(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("Changed() did not fire: %s", what)
	}
}

// TestChangedAcrossAdapters: an append through another adapter (another
// pool, as another process would have) reaches Changed by NOTIFY.
func TestChangedAcrossAdapters(t *testing.T) {
	_, u := freshSchema(t)
	watcher := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PollInterval: never}), "n")
	writer := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PollInterval: never}), "n")
	other := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PollInterval: never}), "other")
	for v := range uint64(3) {
		ch := watcher.Changed()
		if err := other.Append(context.Background(), v, adaptertest.Records("other", v, 1, nil)); err != nil {
			t.Fatal(err)
		}
		if err := writer.Append(context.Background(), v, adaptertest.Records("n", v, 1, nil)); err != nil {
			t.Fatal(err)
		}
		waitFired(t, ch, "after an append by another adapter")
	}
}

// TestChangedByPoll: a record committed without a notification (written
// by plain SQL) is found by the poll.
func TestChangedByPoll(t *testing.T) {
	schema, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PollInterval: 20 * time.Millisecond}), "p")
	ch := l.Changed()
	runSQL(t, u, sprintfSchema(`WITH r AS (
		INSERT INTO %[1]s.records (stream, version, event_id, "type", "time", metadata, prev, payload)
		VALUES ('p', 1, 'e1', 'T', 0, '\x00', '', 'x'))
		INSERT INTO %[1]s.streams (stream, version, bytes) VALUES ('p', 1, 1)`, schema))
	waitFired(t, ch, "after a silent insert, by the poll")
	if got := adaptertest.ReadAll(t, l, 1); len(got) != 1 || got[0].ID != "e1" {
		t.Fatalf("Read after the poll = %+v, want the record e1", got)
	}
}

// TestReconnectFiresChanged kills the listener's connection: the listener
// reconnects and fires every Changed, and notifications arrive again.
func TestReconnectFiresChanged(t *testing.T) {
	_, u := freshSchema(t)
	name := "reconnect-test"
	a := openAdapter(t, withParam(t, u, "application_name", name), postgres.Options{PollInterval: never})
	l := adaptertest.OpenLog(t, a, "r")
	ch := l.Changed()
	killed := terminate(t, u, name+" listen")
	if killed != 1 {
		t.Fatalf("terminated %d listener connections, want 1", killed)
	}
	waitFired(t, ch, "after the listener reconnected")

	writer := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PollInterval: never}), "r")
	ch = l.Changed()
	if err := writer.Append(context.Background(), 0, adaptertest.Records("r", 0, 1, nil)); err != nil {
		t.Fatal(err)
	}
	waitFired(t, ch, "after an append by another adapter, on the new connection")
}

// TestCloseWakesWatchers: Close fires the Changed channels of open logs.
func TestCloseWakesWatchers(t *testing.T) {
	_, u := freshSchema(t)
	a, err := postgres.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Open(context.Background(), "c")
	if err != nil {
		t.Fatal(err)
	}
	ch := l.Changed()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	waitFired(t, ch, "after Close")
}

// terminate ends the server connections of application name, and returns
// how many there were.
func terminate(t *testing.T, u, name string) int {
	t.Helper()
	return terminateOn(t, connect(t, u), name)
}

// terminateOn is terminate on an open connection.
func terminateOn(t *testing.T, conn *pgx.Conn, name string) int {
	t.Helper()
	var n int
	err := conn.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
