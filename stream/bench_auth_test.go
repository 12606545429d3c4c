package stream_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// BenchmarkAppendTo measures appends sealed to 1 and 3 recipients (one
// event per call, in memory): HPKE wraps, the stream-key tag and the
// writer's Ed25519 signature of every event.
func BenchmarkAppendTo(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprint(n, "-recipients"), func(b *testing.B) {
			var to []keyset.Recipient
			for i := range n {
				id, err := keyset.NewIdentity(fmt.Sprint("r", i))
				if err != nil {
					b.Fatal(err)
				}
				r, err := id.Recipient()
				if err != nil {
					b.Fatal(err)
				}
				to = append(to, r)
			}
			ctx := context.Background()
			st, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory(), Writer: writer})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = st.Close() })
			s, err := stream.Open(ctx, st, "bench", fold.Count(), 0)
			if err != nil {
				b.Fatal(err)
			}
			es := benchEvents(1)
			for b.Loop() {
				if _, err := s.Append(ctx, es, stream.To(to...)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkCheckpoint measures making a checkpoint (authenticate the head,
// tag it under the stream keys, sign it as the writer) and checking one
// against a 1,000-event stream with Verify.
func BenchmarkCheckpoint(b *testing.B) {
	ctx := context.Background()
	st, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory(), Writer: writer})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	s, err := stream.Open(ctx, st, "bench", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Append(ctx, benchEvents(1000)); err != nil {
		b.Fatal(err)
	}
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Checkpoint(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	cp, err := s.Checkpoint(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verify-1000", func(b *testing.B) {
		for b.Loop() {
			if err := s.Verify(ctx, stream.Extends(cp)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
