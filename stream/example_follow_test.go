package stream_test

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Follow the events of a stream, history then live, as a projection or a
// tail -f would.
func ExampleStream_Watch() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Moved", Data: []byte("to Lyon")}})
	go func() { _, _ = s.Append(ctx, []sealstream.Event{{Type: "Insured", Data: []byte("home")}}) }()
	for e, err := range s.Watch(ctx) {
		if err != nil {
			break
		}
		fmt.Println(e.Version, e.Type, string(e.Data))
		if e.Version == 2 {
			break
		}
	}
	// Output:
	// 1 Moved to Lyon
	// 2 Insured home
}

// Resume a fold from a state saved with its version, instead of folding
// the whole history again.
func ExampleStream_Follow() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "A"}, {Type: "B"}})
	saved := stream.Versioned[int]{State: 2, Version: 2} // kept from an earlier run
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "C"}})
	for v, err := range s.Follow(ctx, saved) {
		fmt.Println(v.State, v.Version, err)
		break
	}
	// Output:
	// 3 3 <nil>
}
