package main_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

var benchEvents = flag.Int("bench.events", 1_000_000, "events in the benchmarks' stream")

// BenchmarkCommand measures cat, export and verify of one stream, as
// commands (a process each, passphrase derivation included), beside the
// library's own replay and Verify of the same stream in the same run.
func BenchmarkCommand(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	n := *benchEvents
	st, err := stream.NewStore(ctx, stream.Config{URL: "file://" + filepath.Join(dir, "st"), Key: []byte(secret)})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := stream.Open(ctx, st, "s", fold.Count(), 0)
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(`{"payload":"` + fmt.Sprintf("%0186d", 0) + `"}`) // 200 bytes
	batch := make([]sealstream.Event, 10_000)
	for done := 0; done < n; done += len(batch) {
		batch = batch[:min(len(batch), n-done)]
		for i := range batch {
			batch[i] = sealstream.Event{Type: "Tick", Data: data}
		}
		if _, err := s.Append(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	env := []string{"SEALSTREAM_PASSPHRASE=" + secret, "SEALSTREAM_URL=" + filepath.Join(dir, "st")}
	exec := func(args ...string) error {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer null.Close()
		cmd := command(b, dir, env, args...)
		cmd.Stdout, cmd.Stderr = null, os.Stderr
		return cmd.Run()
	}
	// The fixed cost of a command: start-up and passphrase derivation.
	startup := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		if err := exec("ls"); err != nil {
			b.Fatal(err)
		}
		startup = min(startup, time.Since(start))
	}
	b.Logf("a command that only opens the store (ls) takes %v: start-up and passphrase derivation", startup.Round(time.Millisecond))
	run := func(name string, fixed time.Duration, f func() error) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			if fixed > 0 {
				per := b.Elapsed()/time.Duration(b.N) - fixed
				b.ReportMetric(float64(n)/per.Seconds(), "events/s_after_startup")
			}
		})
	}
	run("library_replay", 0, func() error {
		got, err := s.State(ctx)
		if err == nil && got != n {
			err = fmt.Errorf("replayed %d events of %d", got, n)
		}
		return err
	})
	run("library_verify", 0, func() error { return s.Verify(ctx) })
	for _, args := range [][]string{{"cat", "s"}, {"export", "s"}, {"verify", "s"}} {
		run("command_"+args[0], startup, func() error { return exec(args...) })
	}
}
