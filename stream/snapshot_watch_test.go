package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// ReadAndWatch starts from the newest snapshot: it yields the snapshot's
// state, then the state after each later event, history then live.
func TestSnapshotReadAndWatchStartsFromSnapshot(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newSnapLab(t, stream.Config{})
	s := l.open(l.store(), "u", "sum")
	snapFill(t, s, 35, 1)
	snapWant(t, s, 35)
	l.reads("u")
	var got []int
	for n, err := range s.ReadAndWatch(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
		if n == 35 {
			if r := l.reads("u"); r > 10 {
				t.Fatalf("ReadAndWatch read %d records to catch up, want about the snapshot's and the 5 after it", r)
			}
			go func() { _, _ = s.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("xy")}}) }()
		}
		if n == 37 {
			break
		}
	}
	if want := []int{30, 31, 32, 33, 34, 35, 37}; !equalInts(got, want) {
		t.Fatalf("ReadAndWatch yielded %v, want %v", got, want)
	}
}

// Follow from Start starts from the newest snapshot with its version, and
// writes the snapshots due as it folds live events.
func TestSnapshotFollowFromStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newSnapLab(t, stream.Config{})
	s := l.open(l.store(), "u", "sum")
	snapFill(t, s, 35, 1)
	snapWant(t, s, 35)
	var got []stream.Versioned[int]
	for v, err := range s.Follow(ctx, s.Start()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
		if v.Version == 35 {
			go func() {
				_, _ = s.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("1")}, {Type: "T", Data: []byte("2")},
					{Type: "T", Data: []byte("3")}, {Type: "T", Data: []byte("4")}, {Type: "T", Data: []byte("5")}, {Type: "T", Data: []byte("6")}})
			}()
		}
		if v.Version == 41 {
			break
		}
	}
	if got[0] != (stream.Versioned[int]{State: 30, Version: 30}) || len(got) != 12 {
		t.Fatalf("Follow yielded %v, want 30 at 30, then 31 to 41", got)
	}
	for i, v := range got {
		if v.Version != uint64(30+i) || v.State != 30+i {
			t.Fatalf("Follow yielded %v at %d", v, i)
		}
	}
	snaps := l.snapshots("u", "sum")
	if len(snaps) != 2 || snaps[1].Metadata["version"] != "40" {
		t.Fatalf("snapshot log holds %d records, want a second one at 40 written by Follow", len(snaps))
	}
	l.fromSnapshot(s, 41, 1)
}

// Reads that are not the default fold replay the log as they would
// without snapshots: From, Where, RequireAccess, and Follow from a state
// other than the start.
func TestSnapshotOtherReadsReplay(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	s := l.open(l.store(), "u", "sum")
	mustAppend(t, s, sealstream.Event{Type: "Note", Data: []byte("secret")})
	rw, err := writer.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, []sealstream.Event{{Type: "Private", Data: []byte("doctor")}}, stream.To(rw)); err != nil {
		t.Fatal(err)
	}
	n := 6 + snapFill(t, s, 33, 1)
	snapWant(t, s, n)
	l.fromSnapshot(s, n, 5)
	if _, err := s.State(ctx, stream.RequireAccess()); !errors.Is(err, sealstream.ErrNoAccess) {
		t.Fatalf("State(RequireAccess()) = %v, want ErrNoAccess from event 2, not the snapshot", err)
	}
	if got, err := s.State(ctx, stream.Where([]string{"Note"}, nil)); err != nil || got != 6 {
		t.Fatalf("State(Where Note) = %d, %v, want 6", got, err)
	}
	if got, err := s.State(ctx, stream.From(3)); err != nil || got != 33 {
		t.Fatalf("State(From(3)) = %d, %v, want 33", got, err)
	}
	var first []int
	for n, err := range s.ReadAndWatch(ctx, stream.From(1)) {
		if err != nil {
			t.Fatal(err)
		}
		first = append(first, n)
		break
	}
	if !equalInts(first, []int{6}) {
		t.Fatalf("ReadAndWatch(From(1)) started with %v, want the state after event 1", first)
	}
	for v, err := range s.Follow(ctx, stream.Versioned[int]{State: 1000, Version: 0}) {
		if err != nil || v != (stream.Versioned[int]{State: 1006, Version: 1}) {
			t.Fatalf("Follow from a state of its own yielded %v, %v, want 1006 at 1", v, err)
		}
		break
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
