package nats_test

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// TestStreamsOnNATS runs the stream package on two stores sharing one
// JetStream stream and one keyset store, as two processes would: one
// follows a stream with ReadAndWatch while the other appends, and sees
// every state once; a stale expected version is a conflict.
func TestStreamsOnNATS(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	kek, err := subtle.NewAESGCM(k)
	if err != nil {
		t.Fatal(err)
	}
	blobs := keyset.NewMemStore()
	o := freshOptions()
	newStream := func() *stream.Stream[int] {
		st, err := stream.NewStore(ctx, stream.Config{
			URL: s.ClientURL(), Keys: keyset.New(blobs, keyset.MasterKey(kek)), Opener: o.Open,
		})
		if err != nil {
			t.Fatalf("NewStore: %v", err)
		}
		t.Cleanup(func() { _ = st.Close() })
		str, err := stream.Open(ctx, st, "user-1", fold.Count(), 0)
		if err != nil {
			t.Fatalf("stream.Open: %v", err)
		}
		t.Cleanup(func() { _ = str.Close() })
		return str
	}
	writer, reader := newStream(), newStream()
	if _, err := writer.Append(ctx, []sealstream.Event{{Type: "A", Data: []byte("1")}}, stream.ExpectVersion(0)); err != nil {
		t.Fatal(err)
	}
	const total = 50
	want, appended := 1, 1
	for n, err := range reader.ReadAndWatch(ctx, stream.From(1)) {
		if err != nil {
			t.Fatalf("ReadAndWatch: %v", err)
		}
		if n != want {
			t.Fatalf("state %d, want %d", n, want)
		}
		if n >= total {
			break
		}
		want++
		if n < appended {
			continue
		}
		events := []sealstream.Event{{Type: "A", Data: []byte("more")}}
		if n%10 == 0 {
			events = append(events, sealstream.Event{Type: "B"})
		}
		if _, err := writer.Append(ctx, events, stream.ExpectVersion(uint64(n))); err != nil {
			t.Fatalf("Append at %d: %v", n, err)
		}
		appended += len(events)
	}
	_, err = reader.Append(ctx, []sealstream.Event{{Type: "A"}}, stream.ExpectVersion(3))
	if !errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("Append at a stale version = %v, want ErrConflict", err)
	}
}
