package stream_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Share one event with one recipient: only that identity can read it.
func ExampleTo() {
	ctx := context.Background()
	ring := keyset.NewMemory()
	doctor, _ := keyset.NewIdentity("dr-ada")
	_ = ring.SaveIdentity(ctx, doctor)
	rcpt, _ := doctor.Recipient()       // exportable: rcpt.MarshalBinary()
	app, _ := keyset.NewIdentity("app") // signs what it seals to recipients

	store, _ := stream.NewStore(ctx, stream.Config{Keys: ring, Writer: app})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Diagnosis", Data: []byte("sprained ankle")}}, stream.To(rcpt))

	for e, err := range s.Read(ctx, stream.As("dr-ada")) {
		fmt.Println(string(e.Data), err)
	}
	n, _ := s.State(ctx) // events sealed to others are skipped by default
	fmt.Println(n)
	for _, err := range s.Read(ctx, stream.RequireAccess()) {
		fmt.Println(errors.Is(err, sealstream.ErrNoAccess))
	}
	// Output:
	// sprained ankle <nil>
	// 0
	// true
}

// Verify a stream after rotating its keyset: history sealed under older
// keys stays readable.
func ExampleStream_Verify() {
	ctx := context.Background()
	ring := keyset.NewMemory()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: ring})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "A"}})
	_ = ring.Rotate(ctx, "user-1")
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "B"}})
	fmt.Println(s.Verify(ctx))
	n, err := s.State(ctx)
	fmt.Println(n, err)
	// Output:
	// <nil>
	// 2 <nil>
}

// Forget a stream: its keys are destroyed, payloads become unreadable,
// metadata and metrics remain.
func Example_forget() {
	ctx := context.Background()
	ring := keyset.NewMemory()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: ring})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Moved", Data: []byte("to Lyon")}})

	_ = ring.Forget(ctx, "user-1")
	_, err := s.State(ctx)
	fmt.Println(errors.Is(err, sealstream.ErrShredded))
	m, _ := s.Metrics(ctx)
	fmt.Println(m.Count)
	// Output:
	// true
	// 1
}
