package streamtest

import (
	"context"
	"crypto/rand"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// AtURL returns the place that stores reach at url through open (a server
// adapter's opener), whose key storage blobs returns (a blob store of its
// own or a shared one, at each call), under one random master key. Its
// failing opener is [FailNextAppend] of open.
func AtURL(t *testing.T, url string, open stream.Opener, blobs func(t *testing.T) keyset.BlobStore) Place {
	t.Helper()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	kek, err := subtle.NewAESGCM(key)
	if err != nil {
		t.Fatalf("master key: %v", err)
	}
	ring := func(t *testing.T) *keyset.Keyring { return keyset.New(blobs(t), keyset.MasterKey(kek)) }
	return Place{
		Store: func(t *testing.T, cfg stream.Config) *stream.Store {
			t.Helper()
			cfg.URL, cfg.Keys = url, ring(t)
			if cfg.Opener == nil {
				cfg.Opener = open
			}
			st, err := stream.NewStore(context.Background(), cfg)
			if err != nil {
				t.Fatalf("NewStore: %v", err)
			}
			t.Cleanup(func() { _ = st.Close() })
			return st
		},
		Ring:     ring,
		KeyStore: blobs,
		Records: func(t *testing.T, id string) []codec.Record {
			t.Helper()
			return ReadRecords(t, open, url, id)
		},
		FailingOpener: func(_ *testing.T, fail *atomic.Bool) stream.Opener { return FailNextAppend(open, fail) },
	}
}

// ReadRecords reads what stream id holds at url, through an adapter of
// its own that open opens, and fails t on an error.
func ReadRecords(t *testing.T, open stream.Opener, url, id string) []codec.Record {
	t.Helper()
	ctx := context.Background()
	a, err := open(ctx, url)
	if err != nil {
		t.Fatalf("opening an adapter: %v", err)
	}
	defer func() { _ = a.Close() }()
	l, err := a.Open(ctx, id)
	if err != nil {
		t.Fatalf("Open(%q): %v", id, err)
	}
	defer func() { _ = l.Close() }()
	var out []codec.Record
	for r, err := range l.Read(ctx, 1) {
		if err != nil {
			t.Fatalf("reading %q: %v", id, err)
		}
		out = append(out, r)
	}
	return out
}
