package props_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// lab holds the keys of the property: the app's keyring (stream keys,
// alice's and bob's identities), alice's device keyring (her identity
// only), and the attacker's own stream key and impostor of the writer.
type lab struct {
	ring, device       *keyset.Keyring
	writer, impostor   *keyset.Identity
	rw, ra, rb, madeUp keyset.Recipient
	fake               tink.AEAD
}

func newLab(t *testing.T) *lab {
	writer, alice, bob := must(keyset.NewIdentity("writer")), must(keyset.NewIdentity("alice")), must(keyset.NewIdentity("bob"))
	l := &lab{ring: keyset.NewMemory(), device: keyset.NewMemory(), writer: writer, impostor: must(keyset.NewIdentity("writer")),
		rw: must(writer.Recipient()), ra: must(alice.Recipient()), rb: must(bob.Recipient()),
		madeUp: must(must(keyset.NewIdentity("carol")).Recipient()),
		fake:   must(aead.New(must(tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate()))))}
	ctx := context.Background()
	if err := errors.Join(l.ring.SaveIdentity(ctx, alice), l.ring.SaveIdentity(ctx, bob), l.device.SaveIdentity(ctx, alice)); err != nil {
		t.Fatal(err)
	}
	return l
}

// stores opens the app's store and alice's device (no stream key, trusting
// the writer) on a; the caller closes them.
func (l *lab) stores(a adapter.Adapter) (app, dev *stream.Store) {
	opener := func(context.Context, string) (adapter.Adapter, error) { return a, nil }
	app = must(stream.NewStore(context.Background(), stream.Config{Keys: l.ring, Writer: l.writer, Opener: opener}))
	dev = must(stream.NewStore(context.Background(), stream.Config{Keys: l.device, Trust: []keyset.Recipient{l.rw}, Opener: opener}))
	return app, dev
}

// write appends the planned events to stream id of an in-memory store and
// returns its records.
func (l *lab) write(t *testing.T, id string, plan []planned) (recs []codec.Record) {
	ctx := context.Background()
	a := mem.New()
	defer a.Close()
	app, dev := l.stores(keep{a})
	defer app.Close()
	defer dev.Close()
	s := open(t, app, id)
	modes := [][]stream.AppendOption{nil, {stream.To(l.ra)}, {stream.To(l.ra, l.rb)}, {stream.To(l.rb)}}
	for i, p := range plan {
		e := sealstream.Event{Type: attackTypes[p.Type], Data: fmt.Appendf(nil, "event %d", i)}
		if p.Policy > 0 {
			e.Metadata = map[string]string{"policy": []string{"home", "car"}[p.Policy-1]}
		}
		if _, err := s.Append(ctx, []sealstream.Event{e}, modes[p.Mode]...); err != nil {
			t.Fatal(err)
		}
	}
	for r := range must(a.Open(ctx, id)).Read(ctx, 1) {
		recs = append(recs, r)
	}
	return recs
}

// observe returns what every read path makes of recs, served by a hostile
// server: Read, Read(Where) by type and by metadata, Read(As, SkipUnreadable)
// with the stream keys and on alice's device, State, Search, Verify (path
// 7), Verify(As) and Metrics.
func (l *lab) observe(t *testing.T, id string, recs []codec.Record) []seen {
	ctx := context.Background()
	app, dev := l.stores(server(recs))
	defer app.Close()
	defer dev.Close()
	s := open(t, app, id)
	read := func(s *stream.Stream[[]event], opts ...stream.ReadOption) seen {
		var got []sealstream.Event
		for e, err := range s.Read(ctx, opts...) {
			if err != nil {
				return see(got, err)
			}
			got = append(got, e)
		}
		return see(got, nil)
	}
	state, err := s.State(ctx)
	found, err2 := s.Search(ctx, func(e sealstream.Event) bool { return e.Type != "Moved" })
	m, err3 := s.Metrics(ctx)
	metrics := see(nil, err3)
	if err3 == nil {
		metrics.events = []event{{V: m.Version, Data: fmt.Sprint(m.HeadHash, m.LastTimestamp)}}
	}
	return []seen{read(s), read(s, stream.Where([]string{"Paid"}, nil)), read(s, stream.Where(nil, map[string]string{"policy": "home"})),
		read(s, stream.As("alice"), stream.SkipUnreadable()), read(open(t, dev, id), stream.As("alice"), stream.SkipUnreadable()),
		{state, see(nil, err).err}, see(found, err2), see(nil, s.Verify(ctx)), see(nil, s.Verify(ctx, stream.As("alice"))), metrics}
}

// mutate applies m to recs and recomputes the hash chain after the edited
// record; truncated reports that it dropped the last record.
func (l *lab) mutate(id string, recs []codec.Record, m mutation) (out []codec.Record, truncated bool) {
	n, i := len(recs), m.At%len(recs)
	r, j, from := &recs[i], (i+1)%n, i+1
	forged := []byte("forged")
	sealTo := func(to keyset.Recipient) []byte {
		return must(envelope.SealTo([]keyset.Recipient{to}, l.fake, l.impostor, forged, codec.AD(nil, id, r)))
	}
	edits := []func(){
		func() { r.Payload[m.Pos%len(r.Payload)] ^= 1 << (m.Pos % 8) },
		func() { r.ID = r.ID[:len(r.ID)-1] + string(r.ID[len(r.ID)-1]^1) },
		func() { r.Type = attackTypes[(slices.Index(attackTypes, r.Type)+1+m.Pos%2)%3] },
		func() { r.Time += int64(1 + m.Pos) },
		func() { r.Metadata = map[bool]map[string]string{true: {"policy": "home"}}[len(r.Metadata) == 0] },
		func() {
			r.Prev = append(r.Prev, make([]byte, codec.HashSize-len(r.Prev))...)
			r.Prev[m.Pos%codec.HashSize] ^= 1
		},
		func() { r.Version += 1 + uint64(m.Pos%3) },
		func() { r.Payload = must(envelope.Seal(l.fake, forged, codec.AD(nil, id, r))) },
		func() { r.Payload = sealTo(l.madeUp) },
		func() { r.Payload = sealTo(l.ra) }, // signed by the impostor
		func() { r.Payload = slices.Clone(recs[(i+1+m.Pos)%n].Payload) },
		func() { r.Payload = envelope.Plain(forged) },
		func() { recs, from = slices.Delete(recs, i, i+1), i }, // drop, then renumber
		func() { recs = slices.Insert(recs, i+1, recs[i]) },    // duplicate, then renumber
		func() { recs[i], recs[j], from = recs[j], recs[i], min(i, j) },
	}
	edits[m.Kind]()
	for k := range recs {
		if m.Kind >= 12 {
			recs[k].Version = uint64(k + 1)
		}
		if k >= from {
			recs[k].Prev = nil
			if k > 0 {
				recs[k].Prev = codec.Hash(id, &recs[k-1])
			}
		}
	}
	return recs, m.Kind == 12 && i == n-1
}

// For a random stream of "all" and recipient events and a random edit of
// one of its records, with the chain recomputed after it, every read path
// either fails with a named error after genuine events only, or returns
// what it returned before (dropping the last record leaves a genuine
// shorter stream); and Verify passes only when no path sees the edit.
func TestAttackLaws(t *testing.T) {
	l := newLab(t)
	props := properties(t, max(*cases/2, 20))
	props.Property("a keyless attacker's edit of one record is caught by every read path that sees it, and by Verify",
		prop.ForAll(func(plan []planned, m mutation) bool {
			id := freshID()
			genuine := l.write(t, id, plan)
			before := l.observe(t, id, genuine)
			mutated, truncated := l.mutate(id, cloneRecords(genuine), m)
			if truncated {
				before = l.observe(t, id, genuine[:len(genuine)-1])
			}
			after := l.observe(t, id, mutated)
			for p, o := range after {
				if before[7].err != "<nil>" || !reflect.DeepEqual(o, before[p]) && (after[7].err == "<nil>" || !caught(o, before[p], p)) {
					t.Logf("mutation %+v of %d records: path %d returned %v, before %v; Verify: %s", m, len(genuine), p, o, before[p], after[7].err)
					return false
				}
			}
			return true
		}, gen.IntRange(1, 6).FlatMap(func(n any) gopter.Gen {
			return gen.SliceOfN(n.(int), gopter.CombineGens(gen.IntRange(0, 2), gen.IntRange(0, 2), gen.IntRange(0, 3)).
				Map(func(v []any) planned { return planned{v[0].(int), v[1].(int), v[2].(int)} }))
		}, reflect.TypeOf([]planned{})), gopter.CombineGens(gen.IntRange(0, 14), gen.IntRange(0, 63), gen.IntRange(0, 1<<16)).
			Map(func(v []any) mutation { return mutation{v[0].(int), v[1].(int), v[2].(int)} })))
	props.TestingRun(t)
}
