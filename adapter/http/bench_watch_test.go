package httpadapter_test

import (
	"context"
	"encoding/binary"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/adapter/http/server"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// BenchmarkWatchLatency appends one event on a device and waits until
// another device's watch yields it: the time from the append call to the
// yield, p50 and p99 over b.N events.
func BenchmarkWatchLatency(b *testing.B) {
	for _, via := range vias {
		b.Run("via="+via, func(b *testing.B) {
			ds := devices(b, via, 2)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w, r := openCount(b, ds[0], "bench"), openCount(b, ds[1], "bench")
			if _, err := w.Append(ctx, events(1)); err != nil {
				b.Fatal(err)
			}
			got := make(chan time.Duration, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for e, err := range r.Watch(ctx, stream.From(2)) {
					if err != nil {
						return
					}
					got <- time.Since(time.Unix(0, int64(binary.BigEndian.Uint64(e.Data))))
				}
			}()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				data := binary.BigEndian.AppendUint64(nil, uint64(time.Now().UnixNano()))
				if _, err := w.Append(ctx, []sealstream.Event{{Type: "Ping", Data: data}}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, <-got)
			}
			b.StopTimer()
			cancel()
			<-done
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkWatchers appends events one per call from a device while
// 1,000 watchers follow the stream's records: over HTTP, 1,000 Server-Sent
// Events connections in records mode (what a browser's EventSource
// opens); directly, 1,000 handles on the file adapter, each reading after
// each change signal. It reports the append rate and the heap each
// watcher adds (over HTTP: server and clients, one process), and checks
// that every watcher saw every record.
func BenchmarkWatchers(b *testing.B) {
	const watchers = 1000
	for _, via := range vias {
		b.Run("via="+via, func(b *testing.B) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var w *stream.Stream[int]
			var follow func(ctx context.Context, seen func()) error
			if via == "http" {
				ts := startServer(b, func(o *server.Options) { o.MaxWatches, o.MaxInFlight = 2*watchers, 64 })
				w = openCount(b, device(b, ts.URL, ts.token("all")), "bench")
				follow = sseFollower(b, ts.URL, ts.token("all"))
			} else {
				dir := b.TempDir()
				w = openCount(b, fileDevice(b, dir), "bench")
				follow = logFollower(b, dir)
			}
			if _, err := w.Append(ctx, events(1)); err != nil {
				b.Fatal(err)
			}
			before := heap()
			counts := make([]atomic.Int64, watchers)
			var wg, ready sync.WaitGroup
			for i := range watchers {
				ready.Add(1)
				wg.Go(func() {
					_ = follow(ctx, func() {
						if counts[i].Add(1) == 1 {
							ready.Done()
						}
					})
				})
			}
			ready.Wait()
			added := heap() - before
			b.ResetTimer()
			for range b.N {
				if _, err := w.Append(ctx, events(1)); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
			b.ReportMetric(float64(added)/watchers/1024, "heap-KiB/watcher")
			for i := range counts {
				for deadline := time.Now().Add(time.Minute); counts[i].Load() < int64(b.N)+1; time.Sleep(time.Millisecond) {
					if time.Now().After(deadline) {
						b.Fatalf("watcher %d saw %d records, want %d", i, counts[i].Load(), b.N+1)
					}
				}
			}
			cancel()
			wg.Wait()
		})
	}
}

// sseFollower returns a watcher that follows stream "bench" of the server
// at url over one Server-Sent Events connection, calling seen per record.
func sseFollower(b *testing.B, url, token string) func(context.Context, func()) error {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	return func(ctx context.Context, seen func()) error {
		req, _ := http.NewRequestWithContext(ctx, "GET", url+wire.PathWatch+"?stream=bench", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		events := wire.NewSSEReader(resp.Body, 64<<10)
		for {
			ev, err := events.Next()
			if err != nil {
				return err
			}
			if ev.Name == wire.EventRecord {
				seen()
			}
		}
	}
}

// logFollower returns a watcher that follows stream "bench" on a file
// adapter of directory dir as the stream package does: take the change
// signal, read from the next version, wait.
func logFollower(b *testing.B, dir string) func(context.Context, func()) error {
	a, err := file.Open(context.Background(), dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Close() })
	return func(ctx context.Context, seen func()) error {
		l, err := a.Open(ctx, "bench")
		if err != nil {
			return err
		}
		defer l.Close()
		for next := uint64(1); ; {
			ch := l.Changed()
			for r, err := range l.Read(ctx, next) {
				if err != nil {
					return err
				}
				next = r.Version + 1
				seen()
			}
			select {
			case <-ch:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// heap returns the bytes of live heap after a collection.
func heap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
