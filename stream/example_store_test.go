package stream_test

import (
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// List a store's streams by prefix, and erase one for good: its keys are
// destroyed and its log removed, metadata included.
func ExampleStore_Erase() {
	ctx := context.Background()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	defer store.Close()
	for _, id := range []string{"user-1/claims", "user-1/moves", "user-2/claims"} {
		s, _ := stream.Open(ctx, store, id, fold.Count(), 0)
		_, _ = s.Append(ctx, []sealstream.Event{{Type: "Created"}})
		_ = s.Close()
	}
	_ = store.Erase(ctx, "user-1/moves")
	for id, err := range store.Streams(ctx, "user-1/") {
		fmt.Println(id, err)
	}
	// Output:
	// user-1/claims <nil>
}
