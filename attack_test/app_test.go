package attack_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// app is the application on a location: the identity it writes as, and
// two people, alice and bob, whose identities its keyring holds.
type app struct {
	loc                *location
	writer, alice, bob *keyset.Identity
}

func newApp(t *testing.T, loc *location) *app {
	t.Helper()
	a := &app{loc: loc, writer: identity(t, "app-writer"), alice: identity(t, "alice"), bob: identity(t, "bob")}
	ring := loc.ring()
	for _, i := range []*keyset.Identity{a.alice, a.bob} {
		if err := ring.SaveIdentity(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// store opens a store of the application: it holds the stream keys and
// writes as the app's writer.
func (a *app) store(t *testing.T) *stream.Store {
	return a.loc.store(t, stream.Config{Writer: a.writer})
}

// device opens alice's own device: its keys hold her identity and no
// stream key, and it trusts the app's writer alone.
func (a *app) device(t *testing.T) *stream.Store {
	t.Helper()
	ring := keyset.NewMemory()
	if err := ring.SaveIdentity(context.Background(), a.alice); err != nil {
		t.Fatal(err)
	}
	return a.loc.store(t, stream.Config{Keys: ring, Trust: []keyset.Recipient{recipient(t, a.writer)}})
}

// write runs fn on stream id of a fresh store of the application, then
// closes the store, so that the attacker finds the stream at rest.
func (a *app) write(t *testing.T, id string, fn func(s *stream.Stream[int])) {
	t.Helper()
	st := a.store(t)
	fn(openStream(t, st, id))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func openStream(t *testing.T, st *stream.Store, id string) *stream.Stream[int] {
	t.Helper()
	s, err := stream.Open(context.Background(), st, id, fold.Count(), 0)
	if err != nil {
		t.Fatalf("Open(%q) = %v", id, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// appendEach appends each event in a call of its own.
func appendEach(t *testing.T, s *stream.Stream[int], events []sealstream.Event, opts ...stream.AppendOption) {
	t.Helper()
	for _, e := range events {
		if _, err := s.Append(context.Background(), []sealstream.Event{e}, opts...); err != nil {
			t.Fatalf("Append(%s) = %v", e.Type, err)
		}
	}
}

func ev(typ, data string, meta map[string]string) sealstream.Event {
	return sealstream.Event{Type: typ, Data: []byte(data), Metadata: meta}
}

// cloneAll returns deep copies of recs.
func cloneAll(recs []codec.Record) []codec.Record {
	out := slices.Clone(recs)
	for i := range out {
		out[i] = clone(out[i])
	}
	return out
}

// sameRecords fails t unless the location stores exactly want for id.
func sameRecords(t *testing.T, loc *location, id string, want []codec.Record) {
	t.Helper()
	got := loc.records(t, id)
	if len(got) != len(want) {
		t.Fatalf("the log holds %d records, want %d: something was written", len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("record %d changed", i+1)
		}
	}
}
