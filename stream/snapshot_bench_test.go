package stream_test

import (
	"context"
	"os"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// BenchmarkSnapshotState measures State of a stream of 1M events (10M with
// SEALSTREAM_BENCH_BIG=1) in an encrypted in-memory store, with snapshots
// every 10,000 events against a full replay: at a snapshot, and with the
// longest tail (9,999 events after the last snapshot).
func BenchmarkSnapshotState(b *testing.B) {
	const every = 10_000
	n := 1_000_000
	if os.Getenv("SEALSTREAM_BENCH_BIG") == "1" {
		n = 10_000_000
	}
	ctx := context.Background()
	st, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	plain, err := stream.Open(ctx, st, "bench", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer plain.Close()
	snap, err := stream.Open(ctx, st, "bench", fold.Count(), 0, stream.Snapshots[int]("count-v1", every))
	if err != nil {
		b.Fatal(err)
	}
	defer snap.Close()
	grow := func(k int) {
		batch := make([]sealstream.Event, 1000)
		for i := range batch {
			batch[i] = sealstream.Event{Type: "Bench", Data: []byte("twenty bytes of data")}
		}
		for k > 0 {
			if _, err := plain.Append(ctx, batch[:min(k, len(batch))]); err != nil {
				b.Fatal(err)
			}
			k -= min(k, len(batch))
		}
	}
	state := func(s *stream.Stream[int], want int) func(b *testing.B) {
		return func(b *testing.B) {
			if got, err := s.State(ctx); err != nil || got != want { // writes the snapshot due
				b.Fatal(got, err)
			}
			for b.Loop() {
				if got, err := s.State(ctx); err != nil || got != want {
					b.Fatal(got, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		}
	}
	grow(n)
	b.Run("snapshots", state(snap, n))
	b.Run("replay", state(plain, n))
	grow(every - 1)
	b.Run("snapshots-tail", state(snap, n+every-1))
	b.Run("replay-tail", state(plain, n+every-1))
}
