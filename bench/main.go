package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	context.AfterFunc(ctx, stop) // a second interrupt ends the program at once
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run parses args, runs the chosen sections, and prints the table and the
// ratios to stdout. A section that fails is reported and the others still
// run; run then returns the failures.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp(o.dir, "sealstream-bench-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(stdout, "sealstream benchmark: %d-byte events, N=%s, time box %s per loop\n", o.payload, itoa(o.n), o.dur)
	fmt.Fprintf(stdout, "%s %s/%s, %d CPUs (GOMAXPROCS %d), files in %s\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), dir)
	r := &report{}
	for _, s := range sections {
		if !o.runs(s) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		runtime.GC() // start each section without the garbage of the last
		start := time.Now()
		if err := runSection(ctx, o, s, dir, r); err != nil {
			r.errs = append(r.errs, err)
			r.add(notAvailable(s+".error", s, "section failed", err.Error()))
		}
		fmt.Fprintf(stderr, "bench: section %s took %s\n", s, time.Since(start).Round(time.Millisecond))
	}
	if err := printAll(stdout, r); err != nil {
		return err
	}
	return errors.Join(r.errs...)
}

// runSection runs one section by name.
func runSection(ctx context.Context, o options, s, dir string, r *report) error {
	switch s {
	case "limits":
		return limits(o, dir, r)
	case "mem", "file":
		return sealstreamSection(ctx, o, s, dir, r)
	case "hallgren":
		return hallgrenSection(ctx, o, r)
	case "aggregate":
		return aggregateSection(ctx, o, r)
	case "sqlite":
		return sqliteSection(ctx, o, dir, r)
	}
	return fmt.Errorf("bench: unknown section %q", s)
}

// printAll writes the measurements, then the ratios to the limits and to
// the peers.
func printAll(w io.Writer, r *report) error {
	if err := printRows(w, r.rows); err != nil {
		return err
	}
	if err := printRatios(w, "SEALSTREAM ÷ LIMIT", r, limitComparisons, true); err != nil {
		return err
	}
	return printRatios(w, "SEALSTREAM ÷ PEER", r, peerComparisons, false)
}
