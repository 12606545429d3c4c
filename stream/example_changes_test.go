package stream_test

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Follow what changed across all streams of a store since a saved
// position, as a projection or a sync does.
func ExampleStore_Changes() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	appendTo := func(id string, n int) {
		s, _ := stream.Open(ctx, store, id, fold.Count(), 0)
		defer s.Close()
		for range n {
			_, _ = s.Append(ctx, []sealstream.Event{{Type: "Noted"}})
		}
	}
	appendTo("alice/notes", 2)
	var saved uint64 // the position of the last change handled
	for c, err := range store.Changes(ctx, saved) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: versions %d to %d\n", c.Stream, c.From, c.To)
		saved = c.Position
	}
	appendTo("bob/notes", 1)
	for c, err := range store.Changes(ctx, saved) { // only what changed since
		fmt.Printf("%s: versions %d to %d %v\n", c.Stream, c.From, c.To, err)
	}
	// Output:
	// alice/notes: versions 1 to 1
	// alice/notes: versions 2 to 2
	// bob/notes: versions 1 to 1 <nil>
}

// Follow every stream of a store live: the history after a saved
// position, then each batch as it is appended, until the context ends.
func ExampleStore_WatchChanges() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "alice/notes", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Noted"}})
	go func() { _, _ = s.Append(ctx, []sealstream.Event{{Type: "Noted"}, {Type: "Noted"}}) }()
	seen := 0
	for c, err := range store.WatchChanges(ctx, 0) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: versions %d to %d\n", c.Stream, c.From, c.To)
		if seen++; seen == 2 {
			break // or cancel ctx
		}
	}
	// Output:
	// alice/notes: versions 1 to 1
	// alice/notes: versions 2 to 3
}
