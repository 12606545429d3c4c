package stream_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
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
