package stream_test

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Keep a sealed snapshot of the fold every 100 events, so that State and
// ReadAndWatch start from it instead of folding the whole history.
func ExampleSnapshots() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0, stream.Snapshots[int]("count-v1", 100))
	defer s.Close()
	events := make([]sealstream.Event, 250)
	for i := range events {
		events[i] = sealstream.Event{Type: "Visited"}
	}
	_, _ = s.Append(ctx, events)
	n, _ := s.State(ctx) // folds 250 events, then writes a snapshot at 200
	fmt.Println(n)
	n, _ = s.State(ctx) // opens the snapshot, folds events 201 to 250
	fmt.Println(n)
	for n, err := range s.ReadAndWatch(ctx) { // the snapshot's state first
		fmt.Println(n, err)
		break
	}
	for id := range store.Streams(ctx, "") { // snapshot logs are not listed
		fmt.Println(id)
	}
	// Output:
	// 250
	// 250
	// 200 <nil>
	// user-1
}
