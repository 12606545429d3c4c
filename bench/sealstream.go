package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// countFold is the fold of every sealstream measurement: it counts events.
var countFold = fold.Count()

// target is the sealstream store one section measures.
type target struct {
	kind string // "mem" or "file"
	url  string
	keys *keyset.Keyring
}

func (t target) section() string { return "sealstream " + t.kind }

// appendVerb names an append on the target: only files make it durable.
func (t target) appendVerb() string {
	if t.kind == "file" {
		return "durable append"
	}
	return "append"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// open returns a new store over the target's storage; every store of a
// target shares its keys, so a new store reads what an earlier one wrote.
func (t target) open(ctx context.Context) (*stream.Store, error) {
	return stream.NewStore(ctx, stream.Config{URL: t.url, Keys: t.keys})
}

// sealstreamRows names the rows of a sealstream section, for when the
// store cannot be opened at all.
var sealstreamRows = [][2]string{
	{"append1", "append, 1 event per call"},
	{"append100", "append, 100 events per call"},
	{"append16", "16 concurrent appenders, 1 event per call"},
	{"watch.p50", "watch latency append→yield p50"},
	{"watch.p99", "watch latency append→yield p99"},
	{"replay", "replay N (State: read+verify+decrypt+fold)"},
	{"heap", "peak heap growth during the replay"},
	{"open", "cold open of the N-event stream + 1 append"},
}

// sealstreamSection measures sealstream on the in-memory store (kind
// "mem") or the file store under dir (kind "file"). A build of the stream
// package that does not serve the URL yet gives n/a rows, not an error.
func sealstreamSection(ctx context.Context, o options, kind, dir string, r *report) error {
	t := target{kind: kind, url: "mem://", keys: keyset.NewMemory()}
	if kind == "file" {
		abs, err := filepath.Abs(filepath.Join(dir, "sealstream"))
		if err != nil {
			return fmt.Errorf("bench: %s: %w", t.section(), err)
		}
		t.url = "file://" + filepath.ToSlash(abs)
	}
	st, err := t.open(ctx)
	if errors.Is(err, sealstream.ErrUnsupportedURL) {
		for _, x := range sealstreamRows {
			if x[0] != "open" || kind == "file" {
				name := strings.Replace(x[1], "append,", t.appendVerb()+",", 1)
				r.add(notAvailable(kind+"."+x[0], t.section(), name, "stream does not serve "+kind+":// yet"))
			}
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("bench: %s: %w", t.section(), err)
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("bench: %s: %w", t.section(), err)
	}
	steps := []func(context.Context, options, target, *report) error{appends, concurrentAppends, watchLatency, replay}
	for _, step := range steps {
		if err := step(ctx, o, t, r); err != nil {
			return fmt.Errorf("bench: %s: %w", t.section(), err)
		}
	}
	scale := []func(context.Context, options, target, *report) error{perStream}
	if kind == "file" {
		scale = []func(context.Context, options, target, *report) error{coldOpen, idOpen, idPauses, snapState, watchers}
	}
	for _, step := range scale {
		if err := step(ctx, o, t, r); err != nil {
			return fmt.Errorf("bench: %s: %w", t.section(), err)
		}
	}
	return nil
}

// withStream opens a fresh store of t and the stream id on it, runs fn,
// and closes both.
func withStream(ctx context.Context, t target, id string, fn func(*stream.Stream[int]) error) (err error) {
	st, err := t.open(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	s, err := stream.Open(ctx, st, id, countFold, 0)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return fn(s)
}
