package stream_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Keep a checkpoint, and later prove that the stream still extends it: a
// store that lost its last events (a restored backup, a server that
// truncated the log) fails the proof.
func ExampleStream_Checkpoint() {
	ctx := context.Background()
	ring := keyset.NewMemory()
	me, _ := keyset.NewIdentity("me") // signs checkpoints besides the stream keys
	storage := mem.New()
	store, _ := stream.NewStore(ctx, stream.Config{Keys: ring, Writer: me,
		Opener: func(context.Context, string) (adapter.Adapter, error) { return storage, nil }})
	defer store.Close()
	s, _ := stream.Open(ctx, store, "user-1", fold.Count(), 0)
	defer s.Close()
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Moved"}, {Type: "Insured"}})
	cp, _ := s.Checkpoint(ctx)
	_, _ = s.Append(ctx, []sealstream.Event{{Type: "Claimed"}})
	fmt.Println(s.Verify(ctx, stream.Extends(cp)))

	// The same keys on a copy that holds only the first event.
	old := mem.New()
	l, _ := storage.Open(ctx, "user-1")
	log, _ := old.Open(ctx, "user-1")
	for r := range l.Read(ctx, 1) {
		_ = log.Append(ctx, 0, []codec.Record{r})
		break
	}
	restored, _ := stream.NewStore(ctx, stream.Config{Keys: ring, Writer: me,
		Opener: func(context.Context, string) (adapter.Adapter, error) { return old, nil }})
	defer restored.Close()
	r, _ := stream.Open(ctx, restored, "user-1", fold.Count(), 0)
	defer r.Close()
	err := r.Verify(ctx, stream.Extends(cp))
	fmt.Println(errors.Is(err, sealstream.ErrIntegrity))
	// Output:
	// <nil>
	// true
}
