package file_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// BenchmarkOpenAppend picks up a long stream with a new adapter: open a
// stream of 1M records (10M with SEALSTREAM_BENCH_BIG=1), read its head,
// append one record, close. It reports ms/op, and from one round measured
// before the timed ones, heap-MiB (the live heap's growth while the stream
// is open, after a GC) and alloc-MiB (what the open, Head and append
// allocated).
func BenchmarkOpenAppend(b *testing.B) {
	count := 1_000_000
	if os.Getenv("SEALSTREAM_BENCH_BIG") == "1" {
		count = 10_000_000
	}
	dir := b.TempDir()
	mustf(b, benchStream(b, dir, count).Close(), "close")
	ctx := context.Background()
	head := uint64(count)
	round := func(measure bool) (heap, alloc float64) {
		var before, opened, collected runtime.MemStats
		if measure {
			runtime.GC()
			runtime.ReadMemStats(&before)
		}
		a, err := file.Open(ctx, dir, quiet())
		mustf(b, err, "open adapter")
		l, err := a.Open(ctx, "replay")
		mustf(b, err, "open stream")
		h, err := l.Head(ctx)
		if err != nil || h.Version != head {
			b.Fatalf("Head() = %d, %v; want %d", h.Version, err, head)
		}
		mustf(b, l.Append(ctx, head, []codec.Record{benchRecord(head + 1)}), "append")
		head++
		if measure {
			runtime.ReadMemStats(&opened)
			runtime.GC()
			runtime.ReadMemStats(&collected)
		}
		mustf(b, l.Close(), "close")
		mustf(b, a.Close(), "close adapter")
		const mib = 1 << 20
		return float64(int64(collected.HeapAlloc)-int64(before.HeapAlloc)) / mib,
			float64(opened.TotalAlloc-before.TotalAlloc) / mib
	}
	heap, alloc := round(true)
	n := 0
	for b.Loop() {
		round(false)
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/op")
	b.ReportMetric(heap, "heap-MiB")
	b.ReportMetric(alloc, "alloc-MiB")
}
