package httpadapter_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// vias are the two ways the benchmarks reach storage: through the sync
// server on loopback (over a file backend), or the file adapter directly.
var vias = []string{"http", "file"}

// devices returns n stores on one location reached via via, each with a
// passphrase keyring of its own on the location's key storage (the
// server's blob store, or a key directory beside the streams).
func devices(b *testing.B, via string, n int) []*stream.Store {
	b.Helper()
	stores := make([]*stream.Store, n)
	if via == "http" {
		ts := startServer(b, func(o *server.Options) { o.MaxWatches, o.MaxInFlight = 4096, 4096 })
		for i := range stores {
			stores[i] = device(b, ts.URL, ts.token("all"))
		}
		return stores
	}
	dir := b.TempDir()
	for i := range stores {
		stores[i] = fileDevice(b, dir)
	}
	return stores
}

// fileDevice opens a store on the file directory dir with a passphrase
// keyring in dir/.keys, closed when the benchmark ends.
func fileDevice(b *testing.B, dir string) *stream.Store {
	b.Helper()
	keys, err := keyset.OpenDir(dir + "/.keys")
	if err != nil {
		b.Fatal(err)
	}
	ring := keyset.New(keys, keyset.Passphrase([]byte("correct horse battery"), cheap))
	st, err := stream.NewStore(context.Background(), stream.Config{URL: "file://" + dir, Keys: ring})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// events returns n events of 200 bytes of data.
func events(n int) []sealstream.Event {
	es := make([]sealstream.Event, n)
	for i := range es {
		es[i] = sealstream.Event{Type: "Benchmarked", Data: make([]byte, 200)}
	}
	return es
}

// BenchmarkAppend appends batches of 1 and 100 events of 200 bytes, one
// batch per call, durably (the file backend fsyncs each batch).
func BenchmarkAppend(b *testing.B) {
	for _, via := range vias {
		for _, batch := range []int{1, 100} {
			b.Run(fmt.Sprintf("via=%s/batch=%d", via, batch), func(b *testing.B) {
				s := openCount(b, devices(b, via, 1)[0], "bench")
				ctx := context.Background()
				if _, err := s.Append(ctx, events(1)); err != nil { // the keyset is made
					b.Fatal(err)
				}
				b.ResetTimer()
				for range b.N {
					if _, err := s.Append(ctx, events(batch)); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
			})
		}
	}
}

// BenchmarkReplay reads a stream of 10,000 events from the start on
// another device: read, chain check, decryption and fold.
func BenchmarkReplay(b *testing.B) {
	const total = 10000
	for _, via := range vias {
		b.Run("via="+via, func(b *testing.B) {
			ds := devices(b, via, 2)
			ctx := context.Background()
			w := openCount(b, ds[0], "bench")
			for range total / 100 {
				if _, err := w.Append(ctx, events(100)); err != nil {
					b.Fatal(err)
				}
			}
			r := openCount(b, ds[1], "bench")
			b.ResetTimer()
			for range b.N {
				n := 0
				for _, err := range r.Read(ctx) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != total {
					b.Fatalf("replayed %d events, want %d", n, total)
				}
			}
			b.ReportMetric(float64(b.N*total)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
