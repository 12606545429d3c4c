package postgres_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// An adapter (another process) with the stream open sees it empty after
// another erased it: a writer at the old head conflicts, and the stream
// starts again at version 1.
func TestEraseAcrossAdapters(t *testing.T) {
	_, u := freshSchema(t)
	eraser, other := openAdapter(t, u, postgres.Options{}), openAdapter(t, u, postgres.Options{})
	l := adaptertest.OpenLog(t, other, "s")
	recs := adaptertest.Records("s", 0, 3, nil)
	if err := l.Append(context.Background(), 0, recs[:2]); err != nil {
		t.Fatal(err)
	}
	if err := eraser.Erase(context.Background(), "s"); err != nil {
		t.Fatalf("Erase: %v", err)
	}
	if err := l.Append(context.Background(), 2, recs[2:]); !errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("Append at the erased head: error = %v, want ErrConflict", err)
	}
	if h, err := l.Head(context.Background()); err != nil || h.Version != 0 {
		t.Fatalf("Head after Erase elsewhere = %d, %v; want 0", h.Version, err)
	}
	if err := l.Append(context.Background(), 0, recs[:1]); err != nil {
		t.Fatalf("Append at 0 after Erase: %v", err)
	}
}

// Erase waits for an append of another process in flight, which holds
// the head row, and removes its records too: none is left behind to block
// the stream.
func TestEraseWaitsForOtherWriters(t *testing.T) {
	schema, u := freshSchema(t)
	const app = "erase-waits"
	eraser := openAdapter(t, withParam(t, u, "application_name", app), postgres.Options{})
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{}), "w")
	if err := l.Append(context.Background(), 0, adaptertest.Records("w", 0, 1, nil)); err != nil {
		t.Fatal(err)
	}
	tx, err := connect(t, u).Begin(context.Background()) // an append in the middle of its transaction
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`UPDATE %s.streams SET version = 2 WHERE stream = 'w'`,
		`INSERT INTO %s.records (stream, version, event_id, "type", "time", metadata, prev, payload)
			VALUES ('w', 2, 'in-flight', 'T', 0, '\x00', '', '')`,
	} {
		if _, err := tx.Exec(context.Background(), sprintfSchema(sql, schema)); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- eraser.Erase(context.Background(), "w") }()
	waitForLock(t, u, app)
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Erase: %v", err)
	}
	if n := countRows(t, connect(t, u), schema, "w"); n != 0 {
		t.Fatalf("%d records left after Erase", n)
	}
	if err := l.Append(context.Background(), 0, adaptertest.Records("w", 0, 1, nil)); err != nil {
		t.Fatalf("Append at 0 after Erase: %v", err)
	}
	ids := []string{}
	for id, err := range eraser.Streams(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if !slices.Equal(ids, []string{"w"}) {
		t.Fatalf("Streams = %q, want the stream appended again", ids)
	}
}
