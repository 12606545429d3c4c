package nats_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A store whose cached head is stale (another store on the server
// appended) accepts an expectation that holds against the JetStream
// stream, and still refuses one that does not.
func TestStaleHeadAcceptsTrueHead(t *testing.T) {
	ctx := context.Background()
	p := newNATSPlace(t)
	a := openCounter(t, p.store(t, nil), "u")
	b := openCounter(t, p.store(t, nil), "u")
	appendEvent(t, a, "1")
	appendEvent(t, b, "2")
	m, err := a.Metrics(ctx)
	if err != nil || m.Version != 2 {
		t.Fatalf("Metrics = %+v, %v; want version 2", m, err)
	}
	v, err := a.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("3")}}, stream.ExpectVersion(m.Version))
	if err != nil || v != 3 {
		t.Fatalf("Append(ExpectVersion(2)) on a stale handle = %d, %v; want 3, nil", v, err)
	}
	v, err = b.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("4")}}, stream.ExpectVersion(2))
	if !errors.Is(err, sealstream.ErrConflict) || v != 0 {
		t.Fatalf("Append(ExpectVersion(2)) at version 3 = %d, %v; want 0, ErrConflict", v, err)
	}
	if _, err := b.Append(ctx, nil, stream.ExpectVersion(3)); err != nil {
		t.Fatalf("empty Append(ExpectVersion(3)) = %v", err)
	}
}

// A rotation made through another keyring on the key storage is used by the
// next Append; a Forget made through another keyring fails every later
// Append, in every mode, and every read.
func TestForgetElsewhereIsHonoured(t *testing.T) {
	ctx := context.Background()
	alice, err := keyset.NewIdentity("alice")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := alice.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	p := newNATSPlace(t)
	s := openCounter(t, p.store(t, nil), "u")
	appendEvent(t, s, "before")
	other := p.ring(t)
	if err := other.Rotate(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	appendEvent(t, s, "after rotation")
	recs := p.records(t, "u")
	if len(recs) != 2 {
		t.Fatalf("%d records stored, want 2", len(recs))
	}
	if tinkKeyID(t, recs[0].Payload) == tinkKeyID(t, recs[1].Payload) {
		t.Fatal("the Append after a rotation elsewhere used the old primary key")
	}
	if err := other.Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]stream.AppendOption{nil, {stream.To(rc)}, {stream.ExpectVersion(2)}} {
		v, err := s.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("after forget")}}, opts...)
		if !errors.Is(err, sealstream.ErrShredded) || v != 0 {
			t.Fatalf("Append after Forget elsewhere = %d, %v; want 0, ErrShredded", v, err)
		}
	}
	if n := len(p.records(t, "u")); n != 2 {
		t.Fatalf("%d records stored, want 2: an Append after Forget wrote", n)
	}
	if _, err := s.State(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("State after Forget elsewhere = %v, want ErrShredded", err)
	}
	if err := s.Verify(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("Verify after Forget elsewhere = %v, want ErrShredded", err)
	}
}

// A stream that holds events and has lost its keyset is ErrNoKey for
// reads and appends, on the store that made it and on a fresh one; no new
// key replaces the lost one.
func TestMissingKeysetIsNoKey(t *testing.T) {
	ctx := context.Background()
	p := newNATSPlace(t)
	s := openCounter(t, p.store(t, nil), "u")
	appendEvent(t, s, "1")
	p.dropKeyset(t, "u")
	fresh := openCounter(t, p.store(t, nil), "u")
	for name, h := range map[string]*stream.Stream[int]{"same store": s, "other store": fresh} {
		if _, err := h.State(ctx); !errors.Is(err, sealstream.ErrNoKey) {
			t.Errorf("%s: State = %v, want ErrNoKey", name, err)
		}
		v, err := h.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("2")}})
		if !errors.Is(err, sealstream.ErrNoKey) || v != 0 {
			t.Errorf("%s: Append = %d, %v; want 0, ErrNoKey", name, v, err)
		}
	}
	if p.hasKeyset(t, "u") {
		t.Fatal("a new keyset was made for a stream that holds events")
	}
	if n := len(p.records(t, "u")); n != 1 {
		t.Fatalf("%d records stored, want 1: an Append without its key wrote", n)
	}
	// An empty stream still gets its keys on first append.
	appendEvent(t, openCounter(t, p.store(t, nil), "new"), "1")
	if !p.hasKeyset(t, "new") {
		t.Fatal("no keyset made for a new stream")
	}
}

// A failed Append returns version 0, and the next Append on the same
// Stream (no reopen) lands at the version the failed one did not take.
func TestFailedAppendReturnsZero(t *testing.T) {
	ctx := context.Background()
	p := newNATSPlace(t)
	var fail atomic.Bool
	s := openCounter(t, p.store(t, failingOpener(p.opts.Open, &fail)), "s")
	appendEvent(t, s, "1")
	fail.Store(true)
	if v, err := s.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("lost")}}); err == nil || v != 0 {
		t.Fatalf("Append on a failing connection = %d, %v; want 0 and an error", v, err)
	}
	for want := uint64(2); want <= 3; want++ {
		if v, err := s.Append(ctx, []sealstream.Event{{Type: "T", Data: []byte("next")}}); err != nil || v != want {
			t.Fatalf("Append after the failure = %d, %v; want %d, nil", v, err, want)
		}
	}
	if n, err := s.State(ctx); err != nil || n != 3 {
		t.Fatalf("State = %d, %v; want 3, nil", n, err)
	}
	if n := len(p.records(t, "s")); n != 3 {
		t.Fatalf("%d records stored, want 3", n)
	}
}
