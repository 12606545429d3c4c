package postgres_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// TestChangesWaitForOlderTransaction: an append that commits while an
// older one is still in flight is held back until that one ends, so a
// consumer that saved the position of the last change it handled sees
// the older append when it resumes. Transaction IDs are taken at the
// start and committed in any order: without the hold, the consumer would
// save the newer position and skip the older one for good.
func TestChangesWaitForOlderTransaction(t *testing.T) {
	schema, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{PollInterval: never})
	c := &feedConsumer{a: a}
	appendN(t, a, "first", 1)
	c.read(t)

	older := beginRaw(t, u) // an append in flight, with the older transaction ID
	rawAppend(t, older, schema, "older", 1, 1)
	appendN(t, a, "newer", 2) // committed while the older one is open
	if n := c.read(t); n != 0 {
		t.Errorf("with an older append in flight, the consumer read %v", c.seen)
	}
	commit(t, older)
	c.read(t)
	if got, want := fmt.Sprint(c.seen), fmt.Sprint([]string{"first 1-1", "older 1-1", "newer 1-2"}); got != want {
		t.Fatalf("the consumer handled %s, want %s", got, want)
	}
}

// TestFeedChangedShowsHeldBackChange: a change held back by an older
// transaction reaches a consumer waiting on FeedChanged when that
// transaction ends, with no notification and no further append (both are
// written by plain SQL): the poll fires the feed's signal.
func TestFeedChangedShowsHeldBackChange(t *testing.T) {
	schema, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{PollInterval: 20 * time.Millisecond})
	c := &feedConsumer{a: a}
	older := beginRaw(t, u)
	rawAppend(t, older, schema, "older", 1, 1)
	newer := beginRaw(t, u)
	rawAppend(t, newer, schema, "newer", 1, 3)
	commit(t, newer)

	ch := a.FeedChanged()
	if c.read(t) != 0 {
		t.Fatalf("with an older append in flight, the consumer read %v", c.seen)
	}
	commit(t, older)
	deadline := time.After(30 * time.Second)
	for len(c.seen) < 2 {
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("FeedChanged did not fire once the held-back change showed; read %v", c.seen)
		}
		ch = a.FeedChanged()
		c.read(t)
	}
	if got, want := fmt.Sprint(c.seen), fmt.Sprint([]string{"older 1-1", "newer 1-3"}); got != want {
		t.Fatalf("the consumer handled %s, want %s", got, want)
	}
}

// TestFeedChangedAcrossAdapters: an append through another adapter (as
// another process would make) fires FeedChanged by its notification.
func TestFeedChangedAcrossAdapters(t *testing.T) {
	_, u := freshSchema(t)
	watcher := openAdapter(t, u, postgres.Options{PollInterval: never})
	writer := openAdapter(t, u, postgres.Options{PollInterval: never})
	for i := range 3 {
		ch := watcher.FeedChanged()
		appendN(t, writer, fmt.Sprintf("s%d", i), 1)
		select {
		case <-ch:
		case <-time.After(30 * time.Second):
			t.Fatalf("FeedChanged did not fire after append %d by another adapter", i)
		}
	}
	if got := adaptertest.Changes(t, watcher, 0); len(got) != 3 {
		t.Fatalf("Changes(0) = %v, want 3 changes", describeAll(got))
	}
}

// TestChangesSinceAnyNumber: a position above every transaction ID is no
// error, just nothing yet.
func TestChangesSinceAnyNumber(t *testing.T) {
	_, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{})
	appendN(t, a, "s", 2)
	got := adaptertest.Changes(t, a, 0)
	if len(got) != 1 || describe(got[0]) != "s 1-2" {
		t.Fatalf("Changes(0) = %v, want [s 1-2]", describeAll(got))
	}
	for _, since := range []uint64{got[0].Position, got[0].Position + 1000, math.MaxInt64, math.MaxUint64} {
		for c, err := range a.Changes(context.Background(), since) {
			t.Fatalf("Changes(%d) = %+v, %v; want nothing", since, c, err)
		}
	}
}

// TestChangesPageWithinTransaction: a transaction that wrote several
// streams (no append does; plain SQL can) gives one change per stream, at
// one position, whatever the page size: the pages are keyed on
// (transaction, stream).
func TestChangesPageWithinTransaction(t *testing.T) {
	schema, u := freshSchema(t)
	openAdapter(t, u, postgres.Options{}) // creates the tables
	tx := beginRaw(t, u)
	for _, id := range []string{"x", "y", "z"} {
		rawAppend(t, tx, schema, id, 1, 2)
	}
	commit(t, tx)
	for _, size := range []int{1, 2, 3, 4} { // each round appends one more stream: 3+size changes
		a := openAdapter(t, u, postgres.Options{PageSize: size})
		appendN(t, a, fmt.Sprintf("after-%d", size), 1)
		var got []string
		var pos []uint64
		for c, err := range a.Changes(context.Background(), 0) {
			if err != nil {
				t.Fatal(err)
			}
			got, pos = append(got, describe(c)), append(pos, c.Position)
		}
		if len(got) != 3+size || got[0] != "x 1-2" || got[1] != "y 1-2" || got[2] != "z 1-2" ||
			pos[0] != pos[1] || pos[1] != pos[2] || pos[3] <= pos[2] {
			t.Fatalf("PageSize %d: Changes(0) = %v at %v", size, got, pos)
		}
	}
}

// TestChangesInNumericOrder: positions are ordered as numbers, not as
// their decimal text (9 before 10, 99 before 100).
func TestChangesInNumericOrder(t *testing.T) {
	schema, u := freshSchema(t)
	a := openAdapter(t, u, postgres.Options{PageSize: 2})
	for i, pos := range []string{"100", "9", "99", "10"} {
		runSQL(t, u, sprintfSchema(`INSERT INTO %s.changes (tx, stream, from_version, to_version)
			VALUES ($2::text::xid8, $1, 1, 1)`, schema), fmt.Sprint("s", i), pos)
	}
	var got []uint64
	for _, c := range adaptertest.Changes(t, a, 0) {
		got = append(got, c.Position)
	}
	if fmt.Sprint(got) != "[9 10 99 100]" {
		t.Fatalf("positions %v, want [9 10 99 100]", got)
	}
}
