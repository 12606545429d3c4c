package nats_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// benchURL starts a server (R1) or a 3-node cluster (R3) for a benchmark.
func benchURL(b *testing.B, replicas int) string {
	if replicas == 1 {
		return startServer(b, b.TempDir(), -1).ClientURL()
	}
	var urls []string
	for _, s := range startCluster(b, replicas) {
		urls = append(urls, s.ClientURL())
	}
	return strings.Join(urls, ",")
}

// benchRecords returns n records with 200-byte payloads, versions from+1 on.
func benchRecords(from uint64, n int) []codec.Record {
	recs := make([]codec.Record, n)
	for i := range recs {
		payload := make([]byte, 200)
		_, _ = rand.Read(payload)
		v := from + uint64(i) + 1
		recs[i] = codec.Record{
			Version: v, ID: fmt.Sprintf("e-%d", v), Type: "Benchmarked",
			Time: time.Now().UnixNano(), Prev: make([]byte, codec.HashSize), Payload: payload,
		}
	}
	return recs
}

func benchLog(b *testing.B, url string, replicas int) adapter.Log {
	o := freshOptions()
	o.Replicas = replicas
	return openLog(b, openAdapter(b, url, o), "bench")
}

// BenchmarkAppend measures acknowledged (fsync'd, replicated) appends of
// 200-byte records, 1 and 100 per call.
func BenchmarkAppend(b *testing.B) {
	for _, r := range []int{1, 3} {
		b.Run(fmt.Sprintf("R%d", r), func(b *testing.B) {
			url := benchURL(b, r)
			for _, n := range []int{1, 100} {
				b.Run(fmt.Sprintf("%d per call", n), func(b *testing.B) {
					l := benchLog(b, url, r)
					ctx := context.Background()
					var v uint64
					for b.Loop() {
						if err := l.Append(ctx, v, benchRecords(v, n)); err != nil {
							b.Fatal(err)
						}
						v += uint64(n)
					}
					b.ReportMetric(float64(v)/b.Elapsed().Seconds(), "records/s")
				})
			}
		})
	}
}

// BenchmarkRead measures reading a 10,000-record stream from version 1.
func BenchmarkRead(b *testing.B) {
	const size = 10000
	for _, r := range []int{1, 3} {
		b.Run(fmt.Sprintf("R%d", r), func(b *testing.B) {
			l := benchLog(b, benchURL(b, r), r)
			ctx := context.Background()
			for v := uint64(0); v < size; v += 1000 {
				if err := l.Append(ctx, v, benchRecords(v, 1000)); err != nil {
					b.Fatal(err)
				}
			}
			var total int
			for b.Loop() {
				n := 0
				for _, err := range l.Read(ctx, 1) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != size {
					b.Fatalf("read %d records, want %d", n, size)
				}
				total += n
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
