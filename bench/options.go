package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// sections lists the parts of a run, in the order they run; -only picks some.
var sections = []string{"limits", "mem", "file", "hallgren", "aggregate", "sqlite"}

// options are the settings of one run.
type options struct {
	n       int           // events in each replayed stream
	dur     time.Duration // time box of each timed loop
	maxEv   int           // cap on events written by one timed append loop
	watchN  int           // cap on events of the watch latency loop
	dir     string        // parent of the run's temporary directory
	only    []string      // sections to run
	payload int           // bytes of each event's payload
}

// parseOptions reads the command line. -quick sets smaller defaults that
// -n and -dur still override.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1_000_000, "events in each replayed stream (-quick: 50,000)")
	dur := fs.Duration("dur", 2*time.Second, "time box of each timed loop (-quick: 300ms)")
	quick := fs.Bool("quick", false, "a small run that finishes in about a minute")
	only := fs.String("only", strings.Join(sections, ","), "comma list of sections to run: "+strings.Join(sections, ", "))
	dir := fs.String("dir", "", "where files go (a fresh directory is made inside it and removed at the end; default: the system temp dir)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	o := options{n: *n, dur: *dur, maxEv: 1_000_000, watchN: 10_000, dir: *dir, payload: 200}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		o.maxEv, o.watchN = 200_000, 2_000
		if !set["n"] {
			o.n = 50_000
		}
		if !set["dur"] {
			o.dur = 300 * time.Millisecond
		}
	}
	if o.n < 1 || o.dur <= 0 {
		return options{}, errors.New("bench: -n and -dur must be positive")
	}
	for s := range strings.SplitSeq(*only, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(sections, s) {
			return options{}, fmt.Errorf("bench: unknown section %q (want some of %s)", s, strings.Join(sections, ", "))
		}
		o.only = append(o.only, s)
	}
	return o, nil
}

// runs reports whether section s was asked for.
func (o options) runs(s string) bool { return slices.Contains(o.only, s) }
