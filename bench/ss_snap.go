package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sealstream/sealstream/stream"
)

// snapEvery is how many events apart the benchmark's snapshots are.
const snapEvery = 10_000

// snapState measures State of the N-event stream replay left, opened with
// snapshots every 10,000 events: the first State folds the whole stream
// and writes the snapshots; the one timed, on a new store, starts from the
// newest snapshot and folds only the events after it.
func snapState(ctx context.Context, o options, t target, r *report) error {
	withSnapshots := func(fn func(*stream.Stream[int]) error) (err error) {
		st, err := t.open(ctx)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, st.Close()) }()
		s, err := stream.Open(ctx, st, "replay", countFold, 0, stream.Snapshots[int]("count-v1", snapEvery))
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, s.Close()) }()
		return fn(s)
	}
	var want int
	err := withSnapshots(func(s *stream.Stream[int]) (err error) {
		want, err = s.State(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("stream %q: first State with snapshots: %w", "replay", err)
	}
	var el time.Duration
	err = withSnapshots(func(s *stream.Stream[int]) error {
		start := time.Now()
		got, err := s.State(ctx)
		el = time.Since(start)
		if err == nil && got != want {
			err = fmt.Errorf("State from a snapshot = %d, want %d", got, want)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("stream %q: State from a snapshot: %w", "replay", err)
	}
	r.add(durationRow(t.kind+".snapstate", t.section(), "State of the N-event stream, snapshots every 10,000", el,
		"new store; newest snapshot + the events after it"))
	return nil
}
