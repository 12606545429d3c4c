package stream_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// tamper serves the records of a mem adapter through edit.
type tamper struct {
	*mem.Adapter
	edit func(codec.Record) codec.Record
}

func (a *tamper) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	return &tamperLog{Log: l, a: a}, err
}

type tamperLog struct {
	adapter.Log
	a *tamper
}

func (l *tamperLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		for r, err := range l.Log.Read(ctx, from) {
			if err == nil {
				r = l.a.edit(r)
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

// Seed test 12, "all" mode: the stream keyset seals and opens every payload.
func TestEncryptionAllMode(t *testing.T) {
	keys := keyset.NewMemory()
	sp := newSpy()
	st := newStore(t, stream.Config{Keys: keys, Opener: sp.opener()})
	s := openCount(t, st, "u")
	mustAppend(t, s, ev("Sub", "netflix"), ev("Sub", "gym"))
	got, err := s.Search(context.Background(), func(sealstream.Event) bool { return true })
	if err != nil || string(got[0].Data) != "netflix" || string(got[1].Data) != "gym" {
		t.Fatalf("Search = %v, %v", got, err)
	}
	for _, r := range sp.records(t, "u") {
		if r.Payload[0] != envelope.Version || r.Payload[1] != envelope.ModeAll {
			t.Fatalf("payload header % x, want all-mode envelope", r.Payload[:2])
		}
	}
}

// Seed test 13: reading with the wrong key fails with ErrDecrypt.
func TestEncryptionWrongKey(t *testing.T) {
	shared := newSpy()
	w := openCount(t, newStore(t, stream.Config{Opener: shared.opener()}), "u")
	mustAppend(t, w, ev("T", "SENTINEL-SECRET"))
	wrong := keyset.NewMemory()
	if _, err := wrong.StreamAEAD(context.Background(), "u"); err != nil { // another key for "u"
		t.Fatal(err)
	}
	r := openCount(t, newStore(t, stream.Config{Keys: wrong, Opener: shared.opener()}), "u")
	_, err := r.State(context.Background())
	if !errors.Is(err, sealstream.ErrDecrypt) {
		t.Fatalf("State with another keyring = %v, want ErrDecrypt", err)
	}
	if strings.Contains(err.Error(), "SENTINEL") {
		t.Fatalf("error %q leaks the plaintext", err)
	}
	p := openCount(t, newStore(t, stream.Config{Plaintext: true, Opener: shared.opener()}), "u")
	if _, err := p.State(context.Background()); !errors.Is(err, sealstream.ErrNoKey) {
		t.Fatalf("State on a plaintext store = %v, want ErrNoKey", err)
	}
}

// Every record field is bound to the payload or the chain: editing any of
// them is detected.
func TestTamperDetected(t *testing.T) {
	edits := map[string]struct {
		edit func(codec.Record) codec.Record
		want error
	}{
		"type":           {func(r codec.Record) codec.Record { r.Type = "Forged"; return r }, sealstream.ErrDecrypt},
		"ID":             {func(r codec.Record) codec.Record { r.ID = "forged"; return r }, sealstream.ErrDecrypt},
		"time":           {func(r codec.Record) codec.Record { r.Time++; return r }, sealstream.ErrDecrypt},
		"metadata":       {func(r codec.Record) codec.Record { r.Metadata = map[string]string{"k": "forged"}; return r }, sealstream.ErrDecrypt},
		"payload byte":   {func(r codec.Record) codec.Record { r.Payload = flip(r.Payload, len(r.Payload)-1); return r }, sealstream.ErrDecrypt},
		"envelope mode":  {func(r codec.Record) codec.Record { r.Payload = envelope.Plain([]byte("forged")); return r }, sealstream.ErrDecrypt},
		"version":        {func(r codec.Record) codec.Record { r.Version += 10; return r }, sealstream.ErrIntegrity},
		"previous hash":  {func(r codec.Record) codec.Record { r.Prev = flip(r.Prev, 0); return r }, sealstream.ErrIntegrity},
		"empty envelope": {func(r codec.Record) codec.Record { r.Payload = nil; return r }, sealstream.ErrDecrypt},
	}
	for name, c := range edits {
		t.Run(name, func(t *testing.T) {
			a := &tamper{Adapter: mem.New(), edit: func(r codec.Record) codec.Record { return r }}
			opener := func(context.Context, string) (adapter.Adapter, error) { return a, nil }
			s := openCount(t, newStore(t, stream.Config{Opener: opener}), "u")
			mustAppend(t, s, sealstream.Event{Type: "T", Data: []byte("x"), Metadata: map[string]string{"k": "v"}}, ev("T", "y"))
			a.edit = func(r codec.Record) codec.Record {
				if r.Version == 2 {
					return c.edit(r)
				}
				return r
			}
			if _, err := s.State(context.Background()); !errors.Is(err, c.want) {
				t.Fatalf("State after editing the %s = %v, want %v", name, err, c.want)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	b = append([]byte(nil), b...)
	b[i] ^= 1
	return b
}
