package stream_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// Two processes sharing a key store: a reader whose keyring cached the
// keyset before the writer rotated it reloads and reads on; once the
// writer forgets the stream, a keyring loading it gets ErrShredded.
func TestSharedKeyStore(t *testing.T) {
	ctx := context.Background()
	blobs := keyset.NewMemStore()
	master, err := subtle.NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	writerKeys := keyset.New(blobs, keyset.MasterKey(master))
	readerKeys := keyset.New(blobs, keyset.MasterKey(master))
	sp := newSpy()
	w := openCount(t, newStore(t, stream.Config{Keys: writerKeys, Opener: sp.opener()}), "u")
	r := openCount(t, newStore(t, stream.Config{Keys: readerKeys, Opener: sp.opener()}), "u")
	mustAppend(t, w, ev("T", "before"))
	if n, err := r.State(ctx); err != nil || n != 1 {
		t.Fatalf("reader State = %d, %v", n, err)
	}
	if err := writerKeys.Rotate(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, w, ev("T", "after rotation"))
	if n, err := r.State(ctx); err != nil || n != 2 {
		t.Fatalf("reader State after the writer rotated = %d, %v", n, err)
	}
	if err := writerKeys.Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	late := openCount(t, newStore(t, stream.Config{Keys: keyset.New(blobs, keyset.MasterKey(master)), Opener: sp.opener()}), "u")
	if _, err := late.State(ctx); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("State through a keyring loaded after Forget = %v, want ErrShredded", err)
	}
}
