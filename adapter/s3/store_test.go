package s3_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// TestStoreInABucket runs a whole store in one bucket prefix: keysets
// sealed under a passphrase in a BlobStore, streams through the opener.
// A second store on the same URL folds the first's events, and what the
// bucket holds never shows the plaintext.
func TestStoreInABucket(t *testing.T) {
	ctx := context.Background()
	u := freshURL(t)
	open := func() *stream.Store {
		ring := keyset.New(newBlobStore(t, u, s3.Options{}), keyset.Passphrase([]byte("correct horse"), keyset.Argon2Params{Time: 1, Memory: 8 << 10, Threads: 1}))
		store, err := stream.NewStore(ctx, stream.Config{URL: u, Keys: ring, Opener: options(s3.Options{}).Open})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = store.Close() })
		return store
	}
	s, err := stream.Open(ctx, open(), "user-123", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		if _, err := s.Append(ctx, []sealstream.Event{{Type: "ClaimFiled", Data: []byte("PLAINTEXT-SENTINEL")}},
			stream.ExpectVersion(uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	other, err := stream.Open(ctx, open(), "user-123", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if n, err := other.State(ctx); err != nil || n != 3 {
		t.Fatalf("the second store folds %d events, %v; want 3", n, err)
	}
	c, bucket := rawClient(t)
	for _, key := range keysUnder(t, prefixOf(t, u)) {
		if b := getObject(t, c, bucket, key); bytes.Contains(b, []byte("PLAINTEXT-SENTINEL")) {
			t.Fatalf("object %s holds the plaintext", key)
		}
	}
}
