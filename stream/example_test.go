package stream_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

func Example() {
	ctx := context.Background()
	store, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	s, err := stream.Open(ctx, store, "user-123", fold.Count(), 0)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	v, err := s.Append(ctx, []sealstream.Event{
		{Type: "ClaimFiled", Data: []byte(`{"policy":"home","amount":1200}`)},
		{Type: "Subscribed", Data: []byte(`{"service":"gym"}`)},
	})
	fmt.Println(v, err)
	n, err := s.State(ctx)
	fmt.Println(n, err)
	// Output:
	// 2 <nil>
	// 2 <nil>
}

func ExampleStream_Append() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	claim := sealstream.Event{ID: "claim-1", Type: "ClaimFiled", Data: []byte("window")}
	v, err := s.Append(ctx, []sealstream.Event{claim}, stream.ExpectVersion(0))
	fmt.Println(v, err)
	v, err = s.Append(ctx, []sealstream.Event{claim}) // a retry: no-op
	fmt.Println(v, err)
	_, err = s.Append(ctx, []sealstream.Event{{Type: "Moved"}}, stream.ExpectVersion(0))
	fmt.Println(errors.Is(err, sealstream.ErrConflict))
	// Output:
	// 1 <nil>
	// 1 <nil>
	// true
}

func ExampleStream_ReadAndWatch() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "A"}, {Type: "B"}})
	for n, err := range s.ReadAndWatch(ctx) {
		if err != nil {
			fmt.Println(errors.Is(err, context.Canceled))
			break
		}
		fmt.Println("state", n)
		if n == 2 {
			_, _ = s.Append(ctx, []sealstream.Event{{Type: "C"}}) // arrives live
		}
		if n == 3 {
			cancel()
		}
	}
	// Output:
	// state 1
	// state 2
	// state 3
	// true
}

func ExampleStream_Search() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{
		{Type: "Subscribed", Data: []byte("subscription: newspaper"), Metadata: map[string]string{"cat": "media"}},
		{Type: "Subscribed", Data: []byte("subscription: gym"), Metadata: map[string]string{"cat": "health"}},
	})
	found, _ := s.Search(ctx, func(e sealstream.Event) bool { return strings.Contains(string(e.Data), "gym") },
		stream.Where([]string{"Subscribed"}, nil))
	for _, e := range found {
		fmt.Println(e.Version, string(e.Data))
	}
	// Output: 2 subscription: gym
}

func ExampleStream_Metrics() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "A"}, {Type: "B"}})
	m, _ := s.Metrics(ctx)
	fmt.Println(m.Version, m.Count, len(m.HeadHash))
	// Output: 2 2 32
}

func ExampleNewStore() {
	_, err := stream.NewStore(context.Background(), stream.Config{URL: "mem://"})
	fmt.Println(errors.Is(err, sealstream.ErrNoKey))
	// Output: true
}
