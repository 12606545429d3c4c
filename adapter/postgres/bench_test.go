package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/codec"
)

// benchRecords returns n records after version from with 200-byte payloads.
func benchRecords(stream string, from uint64, n int) []codec.Record {
	recs := adaptertest.Records(stream, from, n, nil)
	for i := range recs {
		recs[i].Payload = make([]byte, 200)
	}
	return recs
}

func reportRate(b *testing.B, records int, start time.Time) {
	b.ReportMetric(float64(records)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkAppend appends 1 or 100 records of 200 bytes per call, each
// call one committed (fsync'd) transaction.
func BenchmarkAppend(b *testing.B) {
	for _, per := range []int{1, 100} {
		b.Run(fmt.Sprintf("%d_per_call", per), func(b *testing.B) {
			_, u := freshSchema(b)
			l := adaptertest.OpenLog(b, openAdapter(b, u, postgres.Options{}), "bench")
			head := uint64(0)
			start := time.Now()
			for b.Loop() {
				if err := l.Append(context.Background(), head, benchRecords("bench", head, per)); err != nil {
					b.Fatal(err)
				}
				head += uint64(per)
			}
			reportRate(b, int(head), start)
		})
	}
}

// BenchmarkAppendConcurrent runs 16 appenders at once, each on its own
// stream, one 200-byte record per call, over a pool of 16 connections.
func BenchmarkAppendConcurrent(b *testing.B) {
	const appenders = 16
	_, u := freshSchema(b)
	a := openAdapter(b, withParam(b, u, "pool_max_conns", "16"), postgres.Options{})
	logs := make([]adapter.Log, appenders)
	for i := range logs {
		logs[i] = adaptertest.OpenLog(b, a, fmt.Sprintf("bench-%d", i))
	}
	var done atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i, l := range logs {
		id := fmt.Sprintf("bench-%d", i)
		wg.Go(func() {
			for head := uint64(0); done.Add(1) <= int64(b.N); head++ {
				if err := l.Append(context.Background(), head, benchRecords(id, head, 1)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	reportRate(b, b.N, start)
}

// BenchmarkRead reads a stream of 10,000 200-byte records from the start.
func BenchmarkRead(b *testing.B) {
	const n = 10_000
	_, u := freshSchema(b)
	l := adaptertest.OpenLog(b, openAdapter(b, u, postgres.Options{}), "bench")
	for v := 0; v < n; v += 1000 {
		if err := l.Append(context.Background(), uint64(v), benchRecords("bench", uint64(v), 1000)); err != nil {
			b.Fatal(err)
		}
	}
	read, loops := 0, 0
	start := time.Now()
	for b.Loop() {
		read += countAll(b, l)
		loops++
	}
	if read != loops*n {
		b.Fatalf("read %d records in %d loops, want %d each", read, loops, n)
	}
	reportRate(b, read, start)
}

func countAll(b *testing.B, l adapter.Log) int {
	n := 0
	for _, err := range l.Read(context.Background(), 1) {
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}
