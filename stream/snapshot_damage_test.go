package stream_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// ignored checks that State of s is want, folded from the whole history of
// n events rather than from the newest snapshot, and that a valid snapshot
// was written again: the next State starts from it.
func (l *snapLab) ignored(s *stream.Stream[int], want, n int) {
	l.t.Helper()
	name := stream.SnapshotLogID(s.ID(), "sum")
	before := len(l.records(name))
	l.reads(s.ID())
	snapWant(l.t, s, want)
	if got := l.reads(s.ID()); got < n {
		l.t.Fatalf("State read %d records: it trusted the snapshot", got)
	}
	if got := len(l.records(name)); got != before+1 {
		l.t.Fatalf("snapshot log holds %d records after the State, want %d: none written again", got, before+1)
	}
	l.fromSnapshot(s, want, n%snapEvery)
}

// newest returns a copy of the newest snapshot of stream id.
func (l *snapLab) newest(id string) codec.Record {
	snaps := l.snapshots(id, "sum")
	r := snaps[len(snaps)-1]
	r.Payload, r.Prev = bytes.Clone(r.Payload), bytes.Clone(r.Prev)
	return r
}

// hashAt returns the chain hash of the record at version v of stream id.
func (l *snapLab) hashAt(id string, v int) []byte {
	return codec.Hash(id, &l.records(id)[v-1])
}

func TestSnapshotDamagedIgnored(t *testing.T) {
	l := newSnapLab(t, stream.Config{})
	s := l.open(l.store(), "u", "sum")
	n := snapFill(t, s, 35, 2)
	snapWant(t, s, n)
	for _, damage := range []func(r *codec.Record){
		func(r *codec.Record) { r.Payload[len(r.Payload)-1] ^= 1 },
		func(r *codec.Record) { r.Payload = r.Payload[:2] },
		func(r *codec.Record) { r.Metadata = map[string]string{"version": "20", "codec": "json"} },
		func(r *codec.Record) {
			r.Metadata, r.Prev = map[string]string{"version": "20", "codec": "json"}, l.hashAt("u", 20)
		},
		func(r *codec.Record) { r.Metadata = map[string]string{"version": "x", "codec": "json"} },
		func(r *codec.Record) { r.Type = "event" },
	} {
		r := l.newest("u")
		damage(&r)
		l.push(stream.SnapshotLogID("u", "sum"), r)
		l.ignored(s, n, 35)
	}
}

// A snapshot copied from another stream fails, even sealed under the same
// key and relabelled with this stream's chain hash: its associated data
// names the other stream.
func TestSnapshotFromAnotherStreamIgnored(t *testing.T) {
	l := newSnapLab(t, stream.Config{Keys: newSnapSameKeys(t)})
	st := l.store()
	u, w := l.open(st, "u", "sum"), l.open(st, "w", "sum")
	n := snapFill(t, u, 35, 2)
	snapFill(t, w, 35, 5)
	snapWant(t, w, 35*5)
	r := l.newest("w")
	l.push(stream.SnapshotLogID("u", "sum"), r)
	l.ignored(u, n, 35)
	r.Prev = l.hashAt("u", 30)
	l.push(stream.SnapshotLogID("u", "sum"), r)
	l.ignored(u, n, 35)
}

// A snapshot of a version past the head (a log rolled back, or restored
// from an older copy) is ignored.
func TestSnapshotBeyondHeadIgnored(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	st := l.store()
	s := l.open(st, "u", "sum")
	snapFill(t, s, 35, 2)
	snapWant(t, s, 70)
	recs := l.records("u")
	_ = s.Close()
	_ = st.Close()
	if err := l.raw.Erase(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	if err := l.rawLog("u").Append(ctx, 0, recs[:25]); err != nil {
		t.Fatal(err)
	}
	s = l.open(l.store(), "u", "sum")
	l.ignored(s, 50, 25)
}

// A snapshot of a rewritten history (the same version, another record
// there) is ignored, also when relabelled with the new record's hash.
func TestSnapshotOfRewrittenHistoryIgnored(t *testing.T) {
	ctx := context.Background()
	l := newSnapLab(t, stream.Config{})
	st := l.store()
	s := l.open(st, "u", "sum")
	snapFill(t, s, 35, 2)
	snapWant(t, s, 70)
	old := l.newest("u")
	_ = s.Close()
	_ = st.Close()
	if err := l.raw.Erase(ctx, "u"); err != nil { // the keys stay
		t.Fatal(err)
	}
	s = l.open(l.store(), "u", "sum")
	n := snapFill(t, s, 35, 3)
	l.push(stream.SnapshotLogID("u", "sum"), old)
	l.ignored(s, n, 35)
	old.Prev = l.hashAt("u", 30)
	l.push(stream.SnapshotLogID("u", "sum"), old)
	l.ignored(s, n, 35)
}

// After Forget, a snapshot is as unreadable as the events: reads fail with
// ErrShredded instead of serving the snapshot's state.
func TestSnapshotUnderForgottenKeyUnreadable(t *testing.T) {
	ctx := context.Background()
	ring := keyset.NewMemory()
	l := newSnapLab(t, stream.Config{Keys: ring})
	s := l.open(l.store(), "u", "sum")
	snapFill(t, s, 30, 2)
	snapWant(t, s, 60)
	if err := ring.Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.State(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("State after Forget = %d, %v, want ErrShredded", got, err)
	}
	for got, err := range s.ReadAndWatch(ctx) {
		if !errors.Is(err, sealstream.ErrShredded) {
			t.Fatalf("ReadAndWatch after Forget yielded %d, %v, want ErrShredded", got, err)
		}
		break
	}
	for got, err := range s.Follow(ctx, s.Start()) {
		if !errors.Is(err, sealstream.ErrShredded) {
			t.Fatalf("Follow after Forget yielded %v, %v, want ErrShredded", got, err)
		}
		break
	}
}

// A plaintext store binds the same fields, by a digest in the snapshot.
func TestSnapshotPlaintextStoreBindsFields(t *testing.T) {
	l := newSnapLab(t, stream.Config{Plaintext: true})
	s := l.open(l.store(), "u", "sum")
	n := snapFill(t, s, 35, 2)
	snapWant(t, s, n)
	l.fromSnapshot(s, n, 5)
	r := l.newest("u")
	r.Payload = append(r.Payload[:len(r.Payload)-2], "99"...) // another state, the old digest
	l.push(stream.SnapshotLogID("u", "sum"), r)
	l.ignored(s, n, 35)
	r = l.newest("u")
	r.Metadata = map[string]string{"version": "20", "codec": "json"}
	r.Prev = l.hashAt("u", 20)
	l.push(stream.SnapshotLogID("u", "sum"), r)
	l.ignored(s, n, 35)
}
