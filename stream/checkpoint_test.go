package stream_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A checkpoint exposes what the log alone cannot show: truncation,
// rollback and forks.
func TestCheckpointCatchesTruncationRollbackAndForks(t *testing.T) {
	ctx := context.Background()
	sp := newSpy()
	keys := keyset.NewMemory()
	s := openCount(t, newStore(t, stream.Config{Keys: keys, Opener: sp.opener()}), "u")
	for range 5 {
		mustAppend(t, s, ev("T", "x"))
	}
	cp, err := s.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ctx, stream.Extends(cp)); err != nil {
		t.Fatalf("Verify against a fresh checkpoint = %v", err)
	}
	mustAppend(t, s, ev("T", "later"))
	if err := s.Verify(ctx, stream.Extends(cp)); err != nil {
		t.Fatalf("Verify of a grown stream against an older checkpoint = %v", err)
	}
	recs := sp.records(t, "u")
	for name, rs := range map[string][]codec.Record{"truncated": recs[:3], "rolled back": recs[:4]} {
		other := newSpy()
		putRecords(t, other, "u", rs)
		s2 := openCount(t, newStore(t, stream.Config{Keys: keys, Opener: other.opener()}), "u")
		if err := s2.Verify(ctx); err != nil {
			t.Fatalf("%s: Verify without a checkpoint = %v (the log alone cannot tell)", name, err)
		}
		err := s2.Verify(ctx, stream.Extends(cp))
		if !errors.Is(err, sealstream.ErrIntegrity) || !strings.Contains(err.Error(), "fewer than") {
			t.Fatalf("%s: Verify(Extends) = %v, want ErrIntegrity naming the truncation", name, err)
		}
	}
	// A fork: the same first two events, then a different history written
	// by a holder of the keys (another device) from version 3 on.
	fork := newSpy()
	putRecords(t, fork, "u", recs[:2])
	f := openCount(t, newStore(t, stream.Config{Keys: keys, Opener: fork.opener()}), "u")
	for range 4 {
		mustAppend(t, f, ev("T", "other history"))
	}
	err = f.Verify(ctx, stream.Extends(cp))
	if !errors.Is(err, sealstream.ErrIntegrity) || !strings.Contains(err.Error(), "forked") {
		t.Fatalf("fork: Verify(Extends) = %v, want ErrIntegrity naming the fork", err)
	}
}

// putRecords stores recs as the log of id in sp.
func putRecords(t *testing.T, sp *spy, id string, recs []codec.Record) {
	t.Helper()
	l, err := sp.Adapter.Open(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(context.Background(), 0, recs); err != nil {
		t.Fatal(err)
	}
}

// A checkpoint is trusted only when signed by the stream's keys or a
// trusted writer, and only for its own stream.
func TestCheckpointSignatures(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, stream.Config{})
	a, b := openCount(t, st, "a"), openCount(t, st, "b")
	mustAppend(t, a, ev("T", "x"))
	mustAppend(t, b, ev("T", "x"))
	cp, err := a.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Verify(ctx, stream.Extends(cp)); !errors.Is(err, sealstream.ErrIntegrity) {
		t.Fatalf("a's checkpoint on b = %v, want ErrIntegrity", err)
	}
	forged := []byte(strings.Replace(string(cp), "\n1\n", "\n2\n", 1))
	if err := a.Verify(ctx, stream.Extends(forged)); !errors.Is(err, sealstream.ErrIntegrity) {
		t.Fatalf("edited checkpoint = %v, want ErrIntegrity", err)
	}
	// A store that neither holds the stream's keys nor trusts the writer
	// cannot check the checkpoint.
	mallory, err := keyset.NewIdentity("mallory")
	if err != nil {
		t.Fatal(err)
	}
	untrusting := openCount(t, newStore(t, stream.Config{Writer: mallory}), "a")
	if err := untrusting.Verify(ctx, stream.Extends(cp)); !errors.Is(err, sealstream.ErrIntegrity) {
		t.Fatalf("checkpoint checked by a store that neither holds the keys nor trusts the writer = %v", err)
	}
}
