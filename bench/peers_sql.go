package main

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/hallgren/eventsourcing/core"
	"github.com/hallgren/eventsourcing/eventstore/sql"
	_ "github.com/mattn/go-sqlite3" // the SQLite driver, through cgo
)

// openSQLite opens hallgren's SQLite event store on the database at path
// in WAL mode with synchronous=FULL (every commit fsyncs the WAL), and
// checks that SQLite took both settings.
func openSQLite(ctx context.Context, path string) (*sql.SQLite, error) {
	db, err := gosql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	var mode string
	var sync int
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if err := db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if mode != "wal" || sync != 2 {
		return nil, errors.Join(fmt.Errorf("journal_mode %q synchronous %d, want wal and 2 (FULL)", mode, sync), db.Close())
	}
	es, err := sql.NewSQLiteSingelWriter(db)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return es, nil
}

// countSQL reads every event of aggregate id and returns how many there are.
// Its iterator's Next hides errors, so it checks the rows' error at the end.
func countSQL(ctx context.Context, es *sql.SQLite, id string) (int, error) {
	ci, err := es.Get(ctx, id, peerType, 0)
	if err != nil {
		return 0, err
	}
	it, ok := ci.(*sql.Iterator)
	if !ok {
		ci.Close()
		return 0, fmt.Errorf("iterator is a %T, want *sql.Iterator", ci)
	}
	defer it.Close()
	n := 0
	for it.Next() {
		if _, err := it.Value(); err != nil {
			return n, err
		}
		n++
	}
	return n, it.Rows.Err()
}

// sqliteSection measures hallgren/eventsourcing's SQL event store on
// SQLite with core events: durable saves of 1 and 100 events per call,
// reading N events, and reopening the database to append one more.
func sqliteSection(ctx context.Context, o options, dir string, r *report) error {
	const sec = "hallgren sqlite"
	path := filepath.Join(dir, "hallgren.db")
	es, err := openSQLite(ctx, path)
	if err != nil {
		return fmt.Errorf("bench: %s: open: %w", sec, err)
	}
	defer func() { // closes the store open at the end
		if es != nil {
			es.Close()
		}
	}()
	for _, per := range []int{1, 100} {
		calls, el, err := saveLoop(o, es, fmt.Sprintf("save-%d", per), per)
		if err != nil {
			return fmt.Errorf("bench: %s: save %d per call: %w", sec, per, err)
		}
		r.add(rate(fmt.Sprintf("sqlite.append%d", per), sec, fmt.Sprintf("durable Save, %d event%s per call", per, plural(per)), per, calls, el))
	}
	if err := fillCore(es, "replay", o.n, payload(o.payload)); err != nil {
		return fmt.Errorf("bench: %s: fill: %w", sec, err)
	}
	el, grew, err := measured(o.n, func() (int, error) { return countSQL(ctx, es, "replay") })
	if err != nil {
		return fmt.Errorf("bench: %s: replay: %w", sec, err)
	}
	r.add(replayRow("sqlite.replay", sec, "Get + iterate N", o.n, el))
	r.add(heapRow("sqlite.heap", sec, "peak heap growth during Get + iterate", grew))
	es.Close()

	start := time.Now()
	es, err = openSQLite(ctx, path)
	if err != nil {
		return fmt.Errorf("bench: %s: reopen: %w", sec, err)
	}
	batch := make([]core.Event, 1)
	coreBatch(batch, "replay", core.Version(o.n)+1, payload(o.payload))
	if err := es.Save(batch); err != nil {
		return fmt.Errorf("bench: %s: append after reopen: %w", sec, err)
	}
	r.add(durationRow("sqlite.open", sec, "cold open of the N-event database + 1 Save", time.Since(start),
		"sql.Open + checks + NewSQLite + Save, page cache warm"))
	return nil
}
