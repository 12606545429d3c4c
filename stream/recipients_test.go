package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// people returns a keyring holding identities for the given IDs and their recipients.
func people(t *testing.T, ids ...string) (*keyset.Keyring, map[string]keyset.Recipient) {
	t.Helper()
	ring := keyset.NewMemory()
	rs := map[string]keyset.Recipient{}
	for _, id := range ids {
		i, err := keyset.NewIdentity(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := ring.SaveIdentity(context.Background(), i); err != nil {
			t.Fatal(err)
		}
		if rs[id], err = i.Recipient(); err != nil {
			t.Fatal(err)
		}
	}
	return ring, rs
}

func readAs(s *stream.Stream[int], as string, opts ...stream.ReadOption) ([]string, error) {
	var out []string
	if as != "" {
		opts = append(opts, stream.As(as))
	}
	for e, err := range s.Read(context.Background(), opts...) {
		if err != nil {
			return out, err
		}
		out = append(out, string(e.Data))
	}
	return out, nil
}

// Seed test 12: one-to-one, one-to-many and all modes in one stream.
func TestEncryptionModes(t *testing.T) {
	ring, rs := people(t, "alice", "bob", "carol")
	s := openCount(t, newStore(t, stream.Config{Keys: ring}), "family")
	ctx := context.Background()
	if _, err := s.Append(ctx, []sealstream.Event{ev("Note", "for alice")}, stream.To(rs["alice"])); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, []sealstream.Event{ev("Note", "for alice and bob")}, stream.To(rs["alice"], rs["bob"])); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, ev("Note", "for everyone with the stream key"))

	if got, err := readAs(s, "alice"); err != nil || len(got) != 3 {
		t.Fatalf("alice reads %q, %v; want all 3", got, err)
	}
	if _, err := readAs(s, "bob", stream.RequireAccess()); !errors.Is(err, sealstream.ErrNoAccess) {
		t.Fatalf("bob reading alice's event with RequireAccess = %v, want ErrNoAccess", err)
	}
	if got, err := readAs(s, "bob"); err != nil || len(got) != 2 {
		t.Fatalf("bob by default = %q, %v; want the 2 events he may read", got, err)
	}
	got, err := readAs(s, "bob", stream.SkipUnreadable())
	if err != nil || len(got) != 2 || got[0] != "for alice and bob" {
		t.Fatalf("bob skipping unreadable = %q, %v", got, err)
	}
	if got, err := readAs(s, "carol", stream.SkipUnreadable()); err != nil || len(got) != 1 {
		t.Fatalf("carol = %q, %v; want the all-mode event only", got, err)
	}
	if _, err := readAs(s, "", stream.RequireAccess()); !errors.Is(err, sealstream.ErrNoAccess) {
		t.Fatalf("reading without identity with RequireAccess = %v, want ErrNoAccess", err)
	}
	if n, err := s.State(ctx); err != nil || n != 1 {
		t.Fatalf("State of the stream-key holder = %d, %v; want the one event it may read", n, err)
	}
	if _, err := readAs(s, "dave"); !errors.Is(err, sealstream.ErrNoKey) {
		t.Fatalf("reading as an unknown identity = %v, want ErrNoKey", err)
	}
	if m, _ := s.Metrics(ctx); m.Count != 3 {
		t.Fatalf("Metrics.Count = %d, want 3", m.Count)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("Verify without identity = %v", err)
	}
	// A retry of a recipient-mode append is idempotent even for a writer
	// that cannot read it back.
	e := sealstream.Event{ID: "n1", Type: "Note", Data: []byte("x")}
	for range 2 {
		if v, err := s.Append(ctx, []sealstream.Event{e}, stream.To(rs["bob"])); err != nil || v != 4 {
			t.Fatalf("Append to bob = %d, %v; want 4", v, err)
		}
	}
	if _, err := s.Append(ctx, []sealstream.Event{e}, stream.To(rs["carol"])); !errors.Is(err, sealstream.ErrIDConflict) {
		t.Fatalf("same ID to another recipient = %v, want ErrIDConflict", err)
	}
	for name, to := range map[string][]keyset.Recipient{"none": nil, "repeated": {rs["bob"], rs["bob"]}, "zero": {{}}} {
		if _, err := s.Append(ctx, []sealstream.Event{ev("T", "x")}, stream.To(to...)); !errors.Is(err, sealstream.ErrInvalidEvent) {
			t.Errorf("To(%s) = %v, want ErrInvalidEvent", name, err)
		}
	}
}

// TESTING.md row 9: 3 rotations mid-stream leave the history readable;
// identities rotate the same way.
func TestRotation(t *testing.T) {
	ring, rs := people(t, "alice")
	s := openCount(t, newStore(t, stream.Config{Keys: ring}), "u")
	ctx := context.Background()
	for i := range 4 {
		mustAppend(t, s, ev("T", "all"))
		if _, err := s.Append(ctx, []sealstream.Event{ev("T", "alice")}, stream.To(rs["alice"])); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			break
		}
		if err := ring.Rotate(ctx, "u"); err != nil {
			t.Fatal(err)
		}
		old, err := ring.Identity(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		rotated, err := old.Rotated()
		if err != nil {
			t.Fatal(err)
		}
		if err := ring.SaveIdentity(ctx, rotated); err != nil {
			t.Fatal(err)
		}
		if rs["alice"], err = rotated.Recipient(); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := readAs(s, "alice"); err != nil || len(got) != 8 {
		t.Fatalf("after 3 rotations alice reads %d events, %v; want 8", len(got), err)
	}
}

// Crypto-shredding: a forgotten stream or identity reads as ErrShredded;
// metadata and Metrics stay; other streams and recipients are untouched.
func TestShredding(t *testing.T) {
	ring, rs := people(t, "alice", "bob")
	st := newStore(t, stream.Config{Keys: ring})
	s, other := openCount(t, st, "gone"), openCount(t, st, "kept")
	ctx := context.Background()
	mustAppend(t, s, sealstream.Event{Type: "Moved", Data: []byte("secret"), Metadata: map[string]string{"city": "Lyon"}})
	mustAppend(t, other, ev("T", "x"))
	if _, err := s.Append(ctx, []sealstream.Event{ev("T", "shared")}, stream.To(rs["alice"], rs["bob"])); err != nil {
		t.Fatal(err)
	}
	if err := ring.Forget(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.State(ctx); !errors.Is(err, sealstream.ErrShredded) || errors.Is(err, sealstream.ErrDecrypt) {
		t.Fatalf("State of a forgotten stream = %v, want ErrShredded", err)
	}
	if _, err := s.Append(ctx, []sealstream.Event{ev("T", "x")}); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("Append to a forgotten stream = %v, want ErrShredded", err)
	}
	if m, err := s.Metrics(ctx); err != nil || m.Count != 2 {
		t.Fatalf("Metrics of a forgotten stream = %+v, %v", m, err)
	}
	if n, err := s.State(ctx, stream.Where(nil, map[string]string{"city": "Paris"})); err != nil || n != 0 {
		t.Fatalf("metadata filter on a forgotten stream = %d, %v", n, err)
	}
	if n, err := other.State(ctx); err != nil || n != 1 {
		t.Fatalf("other stream State = %d, %v", n, err)
	}
	if err := ring.ForgetIdentity(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := readAs(s, "alice", stream.From(2)); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("forgotten alice reads = %v, want ErrShredded", err)
	}
	if got, err := readAs(s, "bob", stream.From(2)); err != nil || len(got) != 1 {
		t.Fatalf("bob after alice is forgotten = %q, %v", got, err)
	}
}
