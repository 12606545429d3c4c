package attack_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// path is one way of reading a stream: it returns the events it yielded
// (none for the paths that yield no event) and its error.
type path struct {
	name string
	run  func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error)
	live bool // waits for live events once the history is read
}

// readPaths returns every read path of a stream: those without an
// identity and, when as is set, those as that identity; where are the types
// of Where.
func readPaths(as string, where []string) []path {
	ps := []path{
		verifyPath,
		{"Read()", collect(), false},
		{"Read(SkipUnreadable())", collect(stream.SkipUnreadable()), false},
		{"Read(Where())", collect(stream.Where(where, nil)), false},
		{"State()", state(), false},
		{"Search()", search(), false},
		{"ReadAndWatch()", watch(), true},
		metricsPath,
	}
	if as == "" {
		return ps
	}
	return append(ps, asPaths(as, where)...)
}

// asPaths returns the read paths as identity as.
func asPaths(as string, where []string) []path {
	return []path{
		{"Verify(As())", verify(stream.As(as)), false},
		{"Read(As())", collect(stream.As(as)), false},
		{"Read(As(), SkipUnreadable())", collect(stream.As(as), stream.SkipUnreadable()), false},
		{"Read(As(), Where())", collect(stream.As(as), stream.Where(where, nil)), false},
		{"State(As())", state(stream.As(as)), false},
		{"Search(As(), SkipUnreadable())", search(stream.As(as), stream.SkipUnreadable()), false},
		{"ReadAndWatch(As())", watch(stream.As(as)), true},
	}
}

var (
	verifyPath  = path{"Verify()", verify(), false}
	metricsPath = path{name: "Metrics()", run: func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		_, err := s.Metrics(ctx)
		return nil, err
	}}
)

// filtered returns the paths that read through the filter w.
func filtered(w stream.ReadOption) []path {
	return []path{
		{"Read(Where())", collect(w), false},
		{"Search(Where())", search(w), false},
		{"State(Where())", state(w), false},
		{"ReadAndWatch(Where())", watch(w), true},
	}
}

func verify(opts ...stream.ReadOption) func(context.Context, *stream.Stream[int]) ([]sealstream.Event, error) {
	return func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		return nil, s.Verify(ctx, opts...)
	}
}

func collect(opts ...stream.ReadOption) func(context.Context, *stream.Stream[int]) ([]sealstream.Event, error) {
	return func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		var out []sealstream.Event
		for e, err := range s.Read(ctx, opts...) {
			if err != nil {
				return out, err
			}
			out = append(out, e)
		}
		return out, nil
	}
}

func state(opts ...stream.ReadOption) func(context.Context, *stream.Stream[int]) ([]sealstream.Event, error) {
	return func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		_, err := s.State(ctx, opts...)
		return nil, err
	}
}

func search(opts ...stream.ReadOption) func(context.Context, *stream.Stream[int]) ([]sealstream.Event, error) {
	return func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		return s.Search(ctx, func(sealstream.Event) bool { return true }, opts...)
	}
}

// watch folds the stream with ReadAndWatch until its first error,
// returning an event (its version only) per state yielded. Once the
// history is folded it waits for live events: a watch that never fails
// ends with the deadline's error.
func watch(opts ...stream.ReadOption) func(context.Context, *stream.Stream[int]) ([]sealstream.Event, error) {
	return func(ctx context.Context, s *stream.Stream[int]) ([]sealstream.Event, error) {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		var states []sealstream.Event
		for n, err := range s.ReadAndWatch(ctx, opts...) {
			if err != nil {
				return states, err
			}
			states = append(states, sealstream.Event{Version: uint64(n)})
		}
		return states, nil
	}
}

// mustDetect fails t unless every path on s fails with an error matching
// one of want, having yielded no more than the genuine events the stream
// starts with, and none of the attacker's payloads.
func mustDetect(t *testing.T, s *stream.Stream[int], paths []path, genuine int, want ...error) {
	t.Helper()
	for _, p := range paths {
		got, err := p.run(context.Background(), s)
		if len(got) > genuine {
			t.Errorf("%s yielded %d events, of which only %d are genuine", p.name, len(got), genuine)
		}
		for _, e := range got {
			if strings.Contains(string(e.Data), forged) {
				t.Errorf("%s yielded the forged event at version %d as genuine", p.name, e.Version)
			}
		}
		if !isOneOf(err, want) {
			t.Errorf("%s = %d events, error %v; want an error matching one of %v", p.name, len(got), err, want)
		}
	}
}

// mustPass fails t unless every path on s but the live ones succeeds:
// the stream is genuine and readable.
func mustPass(t *testing.T, s *stream.Stream[int], paths []path) {
	t.Helper()
	for _, p := range paths {
		if p.live {
			continue
		}
		if _, err := p.run(context.Background(), s); err != nil {
			t.Fatalf("%s on the genuine stream = %v", p.name, err)
		}
	}
}

func isOneOf(err error, want []error) bool {
	for _, w := range want {
		if errors.Is(err, w) {
			return true
		}
	}
	return false
}
