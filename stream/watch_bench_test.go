package stream_test

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// BenchmarkWatchAcrossProcesses measures append→yield latency when another
// process appends (one event per call, 1 ms apart) and this one watches,
// woken by fsnotify or by polling every 10 ms. Latency runs from the
// event's time, set by the writer before sealing, to the yield.
func BenchmarkWatchAcrossProcesses(b *testing.B) {
	const n = 300
	for _, mode := range []string{"fsnotify", "polling"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				lat := watchChild(b, n, &file.Options{DisableNotify: mode == "polling", PollInterval: 10 * time.Millisecond})
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
			}
		})
	}
}

func watchChild(b *testing.B, n int, opts *file.Options) []time.Duration {
	dir := b.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard
	defer cancel()
	ring, err := keyset.OpenDirKeyring(dir+"/"+stream.KeyringDir, []byte("correct horse"))
	if err != nil {
		b.Fatal(err)
	}
	st, err := stream.NewStore(ctx, stream.Config{Keys: ring, Opener: func(ctx context.Context, _ string) (adapter.Adapter, error) {
		return file.Open(ctx, dir, opts)
	}})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "shared", func(_ time.Duration, e sealstream.Event) time.Duration {
		return time.Since(e.Time)
	}, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+dir, appendEnv+"="+strconv.Itoa(n), paceEnv+"=1ms")
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = child.Wait() }()
	lat := make([]time.Duration, 0, n)
	for d, err := range s.ReadAndWatch(ctx) {
		if err != nil {
			b.Fatal(err)
		}
		if lat = append(lat, d); len(lat) == n {
			break
		}
	}
	return lat
}

// BenchmarkWatchers measures the append rate of a file stream, 10 events
// per append, while 0, 10, 100 or 1,000 watchers (ReadAndWatch on one
// stream) follow it: ev/s is the events appended per second, heap-MiB the
// peak heap in use during the appends beyond what it was before the
// watchers started. The watchers are live (each has yielded a first event)
// before the clock starts. Run it with -benchtime=1x: one round is 10,000
// events.
func BenchmarkWatchers(b *testing.B) {
	for _, n := range []int{0, 10, 100, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var events int
			var took time.Duration
			var heap uint64
			for b.Loop() {
				d, h := watchersRound(b, n, 1000)
				events, took, heap = events+10000, took+d, max(heap, h)
			}
			b.ReportMetric(float64(events)/took.Seconds(), "ev/s")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
		})
	}
}

// watchersRound appends appends batches of 10 events to a fresh file
// stream followed by n watchers, and returns the time the appends took and
// the peak heap growth over the round.
func watchersRound(b *testing.B, n, appends int) (time.Duration, uint64) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + b.TempDir(), Keys: keyset.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "watched", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Append(ctx, benchEvents(1)); err != nil {
		b.Fatal(err)
	}
	base := heapInUse(true)
	var live, ended sync.WaitGroup
	live.Add(n)
	for range n {
		ended.Go(func() {
			first := true
			for _, err := range s.ReadAndWatch(ctx) {
				if err != nil {
					return
				}
				if first {
					live.Done()
					first = false
				}
			}
		})
	}
	live.Wait()
	peak := heapInUse(false)
	stop := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				peak = max(peak, heapInUse(false))
			case <-stop:
				sampled <- max(peak, heapInUse(false))
				return
			}
		}
	}()
	es := benchEvents(10)
	start := time.Now()
	for range appends {
		if _, err := s.Append(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(start)
	close(stop)
	peak = <-sampled
	cancel()
	ended.Wait()
	if peak < base {
		return took, 0
	}
	return took, peak - base
}

// heapInUse returns the bytes of heap spans in use, after a collection if
// gc is set.
func heapInUse(gc bool) uint64 {
	if gc {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
