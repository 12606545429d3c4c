package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// TestStreamsOnPostgres runs the stream package on two stores sharing one
// database, keys included, as two processes would: one follows a stream
// with ReadAndWatch while the other appends, and sees every state once.
func TestStreamsOnPostgres(t *testing.T) {
	_, u := freshSchema(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kek := masterKey(t)
	newStore := func() *stream.Store {
		ring := keyset.New(newBlobStore(t, u), keyset.MasterKey(kek))
		st, err := stream.NewStore(ctx, stream.Config{URL: u, Keys: ring, Opener: postgres.Open})
		if err != nil {
			t.Fatalf("NewStore: %v", err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	open := func(st *stream.Store) *stream.Stream[int] {
		s, err := stream.Open(ctx, st, "user-1", fold.Count(), 0)
		if err != nil {
			t.Fatalf("stream.Open: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	writer, reader := open(newStore()), open(newStore())
	if _, err := writer.Append(ctx, []sealstream.Event{{Type: "A", Data: []byte("1")}}, stream.ExpectVersion(0)); err != nil {
		t.Fatal(err)
	}
	const total = 50
	want := 1
	for n, err := range reader.ReadAndWatch(ctx, stream.From(1)) {
		if err != nil {
			t.Fatalf("ReadAndWatch: %v", err)
		}
		if n != want {
			t.Fatalf("state %d, want %d", n, want)
		}
		if n == total {
			break
		}
		want++
		_, err := writer.Append(ctx, []sealstream.Event{{Type: "A", Data: []byte("more")}}, stream.ExpectVersion(uint64(n)))
		if err != nil {
			t.Fatalf("Append at %d: %v", n, err)
		}
	}
	_, err := reader.Append(ctx, []sealstream.Event{{Type: "A"}}, stream.ExpectVersion(3))
	if !errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("Append at a stale version = %v, want ErrConflict", err)
	}
}
