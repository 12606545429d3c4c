package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// A store whose cached head is stale (another store appended) accepts an
// expectation that holds against the log, and still refuses one that does
// not.
func TestStaleHeadAcceptsTrueHead(t *testing.T) {
	ctx := context.Background()
	for _, p := range places(t) {
		t.Run(p.name, func(t *testing.T) {
			a := openCount(t, p.store(t, stream.Config{}), "u")
			b := openCount(t, p.store(t, stream.Config{}), "u")
			mustAppend(t, a, ev("T", "1"))
			mustAppend(t, b, ev("T", "2"))
			m, err := a.Metrics(ctx)
			if err != nil || m.Version != 2 {
				t.Fatalf("Metrics = %+v, %v; want version 2", m, err)
			}
			v, err := a.Append(ctx, []sealstream.Event{ev("T", "3")}, stream.ExpectVersion(m.Version))
			if err != nil || v != 3 {
				t.Fatalf("Append(ExpectVersion(2)) on a stale handle = %d, %v; want 3, nil", v, err)
			}
			v, err = b.Append(ctx, []sealstream.Event{ev("T", "4")}, stream.ExpectVersion(2))
			if !errors.Is(err, sealstream.ErrConflict) || v != 0 {
				t.Fatalf("Append(ExpectVersion(2)) at version 3 = %d, %v; want 0, ErrConflict", v, err)
			}
			if _, err := b.Append(ctx, nil, stream.ExpectVersion(3)); err != nil {
				t.Fatalf("empty Append(ExpectVersion(3)) = %v", err)
			}
		})
	}
}

// keyID returns the Tink key ID that sealed an "all"-mode payload.
func keyID(t *testing.T, payload []byte) string {
	t.Helper()
	if len(payload) < 7 || payload[2] != 1 {
		t.Fatalf("payload is not a prefixed Tink ciphertext")
	}
	return string(payload[3:7])
}

// A rotation made through another keyring is used by the next Append; a
// Forget made through another keyring fails every later Append, in every
// mode, and every read.
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
	for _, p := range places(t) {
		t.Run(p.name, func(t *testing.T) {
			s := openCount(t, p.store(t, stream.Config{}), "u")
			mustAppend(t, s, ev("T", "before"))
			other := p.ring(t)
			if err := other.Rotate(ctx, "u"); err != nil {
				t.Fatal(err)
			}
			mustAppend(t, s, ev("T", "after rotation"))
			recs := p.records(t, "u")
			if keyID(t, recs[0].Payload) == keyID(t, recs[1].Payload) {
				t.Fatal("the Append after a rotation elsewhere used the old primary key")
			}
			if err := other.Forget(ctx, "u"); err != nil {
				t.Fatal(err)
			}
			for _, opts := range [][]stream.AppendOption{nil, {stream.To(rc)}, {stream.ExpectVersion(2)}} {
				v, err := s.Append(ctx, []sealstream.Event{ev("T", "after forget")}, opts...)
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
		})
	}
}

// A stream that holds events and has lost its keyset is ErrNoKey for
// reads and appends; no new key replaces the lost one.
func TestMissingKeysetIsNoKey(t *testing.T) {
	ctx := context.Background()
	for _, p := range places(t) {
		t.Run(p.name, func(t *testing.T) {
			s := openCount(t, p.store(t, stream.Config{}), "u")
			mustAppend(t, s, ev("T", "1"))
			p.dropKeyset(t, "u")
			fresh := openCount(t, p.store(t, stream.Config{}), "u")
			for name, h := range map[string]*stream.Stream[int]{"same store": s, "other store": fresh} {
				if _, err := h.State(ctx); !errors.Is(err, sealstream.ErrNoKey) {
					t.Errorf("%s: State = %v, want ErrNoKey", name, err)
				}
				if v, err := h.Append(ctx, []sealstream.Event{ev("T", "2")}); !errors.Is(err, sealstream.ErrNoKey) || v != 0 {
					t.Errorf("%s: Append = %d, %v; want 0, ErrNoKey", name, v, err)
				}
			}
			if p.hasKeyset(t, "u") {
				t.Fatal("a new keyset was made for a stream that holds events")
			}
			// An empty stream still gets its keys on first append.
			mustAppend(t, openCount(t, p.store(t, stream.Config{}), "new"), ev("T", "1"))
			if !p.hasKeyset(t, "new") {
				t.Fatal("no keyset made for a new stream")
			}
		})
	}
}

// An Append whose batch is written while another keyring forgets the
// stream is not acknowledged.
func TestForgetDuringAppendIsNotAcknowledged(t *testing.T) {
	ctx := context.Background()
	p := memPlace(t)
	other := p.ring(t)
	s := openCount(t, p.store(t, stream.Config{}), "u")
	mustAppend(t, s, ev("T", "1"))
	p.spy.setBeforeAppend(func() { _ = other.Forget(ctx, "u") })
	v, err := s.Append(ctx, []sealstream.Event{ev("T", "2")})
	if !errors.Is(err, sealstream.ErrShredded) || v != 0 {
		t.Fatalf("Append racing a Forget = %d, %v; want 0, ErrShredded", v, err)
	}
}
