package nats_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/nats"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// natsPlace is one JetStream stream of an embedded server that several
// stores (as several processes would) and several keyrings open at once.
// There is no keyset store on NATS: the keyrings share one in-memory blob
// store under one master key.
type natsPlace struct {
	url   string
	opts  nats.Options
	kek   tink.AEAD
	blobs *keyset.MemStore
}

func newNATSPlace(t *testing.T) natsPlace {
	t.Helper()
	kek, err := subtle.NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, t.TempDir(), -1)
	return natsPlace{url: s.ClientURL(), opts: freshOptions(), kek: kek, blobs: keyset.NewMemStore()}
}

// ring opens another keyring on the place's key storage.
func (p natsPlace) ring(*testing.T) *keyset.Keyring {
	return keyset.New(p.blobs, keyset.MasterKey(p.kek))
}

// store opens another store on the place, through open (the place's
// adapter options when nil), closed at the end of the test.
func (p natsPlace) store(t *testing.T, open stream.Opener) *stream.Store {
	t.Helper()
	if open == nil {
		open = p.opts.Open
	}
	st, err := stream.NewStore(context.Background(), stream.Config{URL: p.url, Keys: p.ring(t), Opener: open, Writer: oneTruthWriter})
	if err != nil {
		t.Fatalf("NewStore: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// records reads what the place stores for a stream, through an adapter of
// its own.
func (p natsPlace) records(t *testing.T, id string) []codec.Record {
	t.Helper()
	a, err := p.opts.Open(context.Background(), p.url)
	if err != nil {
		t.Fatalf("Open(%s): %v", p.url, err)
	}
	defer func() { _ = a.Close() }()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		t.Fatalf("Open(%q): %v", id, err)
	}
	defer func() { _ = l.Close() }()
	return readAll(t, l, 1)
}

// dropKeyset deletes a stream's keyset behind the keyrings' backs.
func (p natsPlace) dropKeyset(t *testing.T, id string) {
	t.Helper()
	name, err := p.ring(t).BlobName(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.blobs.Delete(context.Background(), name); err != nil {
		t.Fatal(err)
	}
}

// hasKeyset reports whether a keyset (or a tombstone) is stored for a stream.
func (p natsPlace) hasKeyset(t *testing.T, id string) bool {
	t.Helper()
	_, err := p.ring(t).BlobName(context.Background(), id)
	if err != nil && !errors.Is(err, sealstream.ErrNoKey) {
		t.Fatal(err)
	}
	return err == nil
}

// openCounter opens a count of stream id's events, closed at the end of
// the test.
func openCounter(t *testing.T, st *stream.Store, id string) *stream.Stream[int] {
	t.Helper()
	s, err := stream.Open(context.Background(), st, id, fold.Count(), 0)
	if err != nil {
		t.Fatalf("stream.Open(%q): %v", id, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// appendEvent appends one event of type T and fails the test on an error.
func appendEvent(t *testing.T, s *stream.Stream[int], data string) uint64 {
	t.Helper()
	v, err := s.Append(context.Background(), []sealstream.Event{{Type: "T", Data: []byte(data)}})
	if err != nil {
		t.Fatalf("Append(%q): %v", data, err)
	}
	return v
}

// tinkKeyID returns the Tink key ID that sealed an "all"-mode payload.
func tinkKeyID(t *testing.T, payload []byte) string {
	t.Helper()
	if len(payload) < 7 || payload[2] != 1 {
		t.Fatal("payload is not a prefixed Tink ciphertext")
	}
	return string(payload[3:7])
}

// failingOpener opens adapters with open whose logs fail the next Append
// once fail is set, before the server sees it, as a dropped connection
// would.
func failingOpener(open stream.Opener, fail *atomic.Bool) stream.Opener {
	return func(ctx context.Context, url string) (adapter.Adapter, error) {
		a, err := open(ctx, url)
		if err != nil {
			return nil, err
		}
		return failingAdapter{a, fail}, nil
	}
}

type failingAdapter struct {
	adapter.Adapter
	fail *atomic.Bool
}

func (a failingAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	return failingLog{l, a.fail}, nil
}

type failingLog struct {
	adapter.Log
	fail *atomic.Bool
}

func (l failingLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if l.fail.CompareAndSwap(true, false) {
		return errors.New("write: connection reset by peer")
	}
	return l.Log.Append(ctx, expect, recs)
}

// oneTruthWriter is the identity the stores write as: events sealed to
// recipients are signed by their writer.
var oneTruthWriter = func() *keyset.Identity {
	w, err := keyset.NewIdentity("one-truth-writer")
	if err != nil {
		panic(err)
	}
	return w
}()
