package stream_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// State writes a snapshot at the last multiple of every it folded past,
// and later States, also of other stores on the location, start from it:
// they read the snapshot's record and the events after it, not the history.
func TestSnapshotStateReadsOnlyTheTail(t *testing.T) {
	l := newSnapLab(t, stream.Config{})
	s := l.open(l.store(), "u", "sum-v1")
	want := snapFill(t, s, 35, 3)
	l.reads("u")
	snapWant(t, s, want)
	if n := l.reads("u"); n < 35 {
		t.Fatalf("the first State read %d records, want the 35 of the history", n)
	}
	snaps := l.snapshots("u", "sum-v1")
	if len(snaps) != 1 || snaps[0].Metadata["version"] != "30" {
		t.Fatalf("snapshot log after the first State: %d records %v, want one at version 30", len(snaps), snaps)
	}
	l.fromSnapshot(s, want, 5)
	want += snapFill(t, s, 1, 7)
	l.fromSnapshot(s, want, 6)
	again := l.open(l.store(), "u", "sum-v1") // another store on the location
	l.fromSnapshot(again, want, 6)
	if got := len(l.snapshots("u", "sum-v1")); got != 1 {
		t.Fatalf("%d snapshots after reads that folded less than every past the last one, want 1", got)
	}
	want += snapFill(t, s, 10, 1) // 46: the next snapshot is due at 40
	snapWant(t, s, want)
	if snaps := l.snapshots("u", "sum-v1"); len(snaps) != 2 || snaps[1].Metadata["version"] != "40" {
		t.Fatalf("snapshot log: %d records, want a second one at version 40", len(snaps))
	}
	l.fromSnapshot(s, want, 6)
}

// A fold under a new name never reads the old name's snapshots, not even
// when they are copied into its own snapshot log.
func TestSnapshotNewNameIgnoresOldSnapshots(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	st := l.store()
	old := l.open(st, "u", "sum-v1")
	n := snapFill(t, old, 35, 2)
	snapWant(t, old, n)
	double := func(s int, e sealstream.Event) int { return s + 2*len(e.Data) }
	s, err := stream.Open(ctx, st, "u", double, 0, stream.Snapshots[int]("sum-v2", snapEvery))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snapWant(t, s, 2*n)
	l.push(stream.SnapshotLogID("u", "sum-v2"), l.snapshots("u", "sum-v1")[0])
	l.reads("u")
	snapWant(t, s, 2*n)
	if got := l.reads("u"); got < 35 {
		t.Fatalf("State read %d records: it trusted a snapshot of another name", got)
	}
	l.fromSnapshot(s, 2*n, 5) // rebuilt under its own name
}

// JSON is the default codec; another codec is bound into the snapshot, so
// a snapshot written under one codec is never decoded by another.
func TestSnapshotCodecs(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	st := l.store()
	js := l.open(st, "u", "sum")
	n := snapFill(t, js, 35, 2)
	snapWant(t, js, n)
	if got := l.snapshots("u", "sum")[0].Metadata["codec"]; got != "json" {
		t.Fatalf("default codec %q, want json", got)
	}
	l.fromSnapshot(js, n, 5)
	dec, err := stream.Open(ctx, st, "u", snapSum, 0, stream.Snapshots("sum", snapEvery, stream.WithCodec[int](snapIntCodec{})))
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	l.reads("u")
	snapWant(t, dec, n)
	if got := l.reads("u"); got < 35 {
		t.Fatalf("State read %d records: it decoded a JSON snapshot with another codec", got)
	}
	snaps := l.snapshots("u", "sum")
	if len(snaps) != 2 || snaps[1].Metadata["codec"] != "shifted" {
		t.Fatalf("snapshot log: %d records, want a second one by the custom codec", len(snaps))
	}
	l.fromSnapshot(dec, n, 5)
	relabelled := snaps[0] // written by JSON, labelled as the custom codec's
	relabelled.Metadata = map[string]string{"version": "30", "codec": "shifted"}
	l.push(stream.SnapshotLogID("u", "sum"), relabelled)
	l.ignored(dec, n, 35)
}

// Bad snapshot options are refused at Open.
func TestSnapshotOptionsRefused(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, stream.Config{})
	for name, opts := range map[string][]stream.OpenOption[int]{
		"empty name":    {stream.Snapshots[int]("", 10)},
		"every 0":       {stream.Snapshots[int]("n", 0)},
		"nil codec":     {stream.Snapshots("n", 10, stream.WithCodec[int](nil))},
		"control chars": {stream.Snapshots[int]("a\nb", 10)},
		"given twice":   {stream.Snapshots[int]("a", 10), stream.Snapshots[int]("b", 10)},
	} {
		if s, err := stream.Open(ctx, st, "u", fold.Count(), 0, opts...); !errors.Is(err, sealstream.ErrInvalidArgument) {
			t.Errorf("%s: Open = %v, want ErrInvalidArgument", name, err)
			if s != nil {
				_ = s.Close()
			}
		}
	}
}

// Stream IDs with the snapshot logs' prefix are reserved.
func TestSnapshotReservedIDsRefused(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, stream.Config{})
	for _, id := range []string{stream.SnapshotPrefix, stream.SnapshotPrefix + "x", stream.SnapshotLogID("u", "n")} {
		if s, err := stream.Open(ctx, st, id, fold.Count(), 0); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("Open(%q) = %v, want ErrInvalidStreamID", id, err)
			if s != nil {
				_ = s.Close()
			}
		}
		if err := st.Erase(ctx, id); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("Erase(%q) = %v, want ErrInvalidStreamID", id, err)
		}
	}
}

// Listing hides snapshot logs; Erase removes them with their stream, under
// every name, and leaves other streams' snapshots alone.
func TestSnapshotLogsHiddenAndErased(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	st := l.store()
	for _, id := range []string{"u", "w"} {
		for _, name := range []string{"a", "b"} {
			s := l.open(st, id, name)
			if name == "a" {
				snapFill(t, s, 12, 1)
			}
			snapWant(t, s, 12)
			_ = s.Close()
		}
	}
	var raw, listed []string
	for id, err := range l.raw.Streams(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, id)
	}
	for id, err := range st.Streams(ctx, "") {
		if err != nil {
			t.Fatal(err)
		}
		listed = append(listed, id)
	}
	slices.Sort(listed)
	if len(raw) != 6 || !slices.Equal(listed, []string{"u", "w"}) {
		t.Fatalf("the location holds %v; Streams listed %v, want [u w]", raw, listed)
	}
	if err := st.Erase(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		if n := len(l.snapshots("u", name)); n != 0 {
			t.Fatalf("Erase left %d snapshots named %q", n, name)
		}
		if n := len(l.snapshots("w", name)); n != 1 {
			t.Fatalf("Erase of u left %d snapshots of w named %q, want 1", n, name)
		}
	}
	s := l.open(st, "u", "a")
	snapWant(t, s, 0)
}
