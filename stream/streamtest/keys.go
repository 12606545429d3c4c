package streamtest

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A rotation made through another keyring on the key storage is used by
// the next Append; a Forget made through another keyring fails every
// later Append, in every mode, and every read, and writes nothing.
func forgetElsewhereIsHonoured(t *testing.T, s suite) {
	ctx := context.Background()
	alice, err := keyset.NewIdentity("alice")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := alice.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	h := s.counter(t, "u")
	mustAppend(t, h, "before")
	other := s.Ring(t)
	if err := other.Rotate(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, h, "after rotation")
	recs := s.Records(t, "u")
	if len(recs) != 2 {
		t.Fatalf("%d records stored, want 2", len(recs))
	}
	if keyID(t, recs[0].Payload) == keyID(t, recs[1].Payload) {
		t.Fatal("the Append after a rotation elsewhere used the old primary key")
	}
	if err := other.Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]stream.AppendOption{nil, {stream.To(rc)}, {stream.ExpectVersion(2)}} {
		v, err := h.Append(ctx, []sealstream.Event{ev("after forget")}, opts...)
		if !errors.Is(err, sealstream.ErrShredded) || v != 0 {
			t.Fatalf("Append after Forget elsewhere = %d, %v; want 0, ErrShredded", v, err)
		}
	}
	if n := len(s.Records(t, "u")); n != 2 {
		t.Fatalf("%d records stored, want 2: an Append after Forget wrote", n)
	}
	if _, err := h.State(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("State after Forget elsewhere = %v, want ErrShredded", err)
	}
	if err := h.Verify(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("Verify after Forget elsewhere = %v, want ErrShredded", err)
	}
}

// A stream that holds events and has lost its keyset is ErrNoKey for
// reads and appends, on the store that made it and on a fresh one; no new
// key replaces the lost one, and nothing is written without it.
func missingKeysetIsNoKey(t *testing.T, s suite) {
	ctx := context.Background()
	h := s.counter(t, "u")
	mustAppend(t, h, "1")
	s.dropKeyset(t, "u")
	fresh := s.counter(t, "u")
	for name, h := range map[string]*stream.Stream[int]{"same store": h, "other store": fresh} {
		if _, err := h.State(ctx); !errors.Is(err, sealstream.ErrNoKey) {
			t.Errorf("%s: State = %v, want ErrNoKey", name, err)
		}
		if v, err := h.Append(ctx, []sealstream.Event{ev("2")}); !errors.Is(err, sealstream.ErrNoKey) || v != 0 {
			t.Errorf("%s: Append = %d, %v; want 0, ErrNoKey", name, v, err)
		}
	}
	if s.hasKeyset(t, "u") {
		t.Fatal("a new keyset was made for a stream that holds events")
	}
	if n := len(s.Records(t, "u")); n != 1 {
		t.Fatalf("%d records stored, want 1: an Append without its key wrote", n)
	}
	// An empty stream still gets its keys on first append.
	mustAppend(t, s.counter(t, "new"), "1")
	if !s.hasKeyset(t, "new") {
		t.Fatal("no keyset made for a new stream")
	}
}

// An Append whose batch is written while another keyring forgets the
// stream is not acknowledged.
func forgetDuringAppend(t *testing.T, s suite) {
	ctx := context.Background()
	other := s.Ring(t)
	h := s.counter(t, "u")
	mustAppend(t, h, "1")
	s.BeforeAppend(func() { _ = other.Forget(ctx, "u") })
	t.Cleanup(func() { s.BeforeAppend(nil) })
	v, err := h.Append(ctx, []sealstream.Event{ev("2")})
	if !errors.Is(err, sealstream.ErrShredded) || v != 0 {
		t.Fatalf("Append racing a Forget = %d, %v; want 0, ErrShredded", v, err)
	}
}
