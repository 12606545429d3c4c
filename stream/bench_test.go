package stream_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

func benchEvents(n int) []sealstream.Event {
	es := make([]sealstream.Event, n)
	for i := range es {
		es[i] = sealstream.Event{Type: "Bench", Data: bytes.Repeat([]byte("x"), 200)}
	}
	return es
}

func benchAppend(b *testing.B, per int) {
	s := openBench(b)
	es := benchEvents(per)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Append(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "events/s")
}

// openBench opens a stream on a fresh encrypted in-memory store.
func openBench(b *testing.B) *stream.Stream[int] {
	ctx := context.Background()
	st, err := stream.NewStore(ctx, stream.Config{Keys: keyset.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	s, err := stream.Open(ctx, st, "bench", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkAppend1(b *testing.B)   { benchAppend(b, 1) }
func BenchmarkAppend100(b *testing.B) { benchAppend(b, 100) }

func BenchmarkReplay(b *testing.B) {
	for _, on := range []bool{true, false} {
		b.Run(map[bool]string{true: "pipelined", false: "serial"}[on], func(b *testing.B) {
			defer stream.SetPipelined(stream.SetPipelined(on))
			benchReplay(b)
		})
	}
}

func benchReplay(b *testing.B) {
	const n = 10000
	s := openBench(b)
	ctx := context.Background()
	es := benchEvents(100)
	for range n / 100 {
		if _, err := s.Append(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got, err := s.State(ctx); err != nil || got != n {
			b.Fatal(got, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReplayFile replays 100,000 events from a file store.
func BenchmarkReplayFile(b *testing.B) {
	const n = 100000
	ctx := context.Background()
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + b.TempDir(), Keys: keyset.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "bench", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	es := benchEvents(1000)
	for range n / 1000 {
		if _, err := s.Append(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if got, err := s.State(ctx); err != nil || got != n {
			b.Fatal(got, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}
