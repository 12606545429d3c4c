package props_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

var ids atomic.Int64

// freshID returns a stream ID no case has used.
func freshID() string { return fmt.Sprint("s", ids.Add(1)) }

// appendAll appends the batches, returning the events as stored (with
// versions and IDs) or the first error.
func appendAll(s *stream.Stream[[]event], bs [][]sealstream.Event) error {
	for _, b := range bs {
		if _, err := s.Append(context.Background(), b); err != nil {
			return err
		}
	}
	return nil
}

func history(s *stream.Stream[[]event], opts ...stream.ReadOption) ([]sealstream.Event, error) {
	var out []sealstream.Event
	for e, err := range s.Read(context.Background(), opts...) {
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func TestLaws(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		newStore := b.location(t)
		ctx := context.Background()
		props := properties(t, *cases)

		props.Property("replay ∘ append == fold", prop.ForAll(func(bt batching) bool {
			st := newStore()
			defer st.Close()
			s := open(t, st, freshID())
			if err := appendAll(s, bt.batches()); err != nil {
				return false
			}
			stored, err := history(s)
			if err != nil || len(stored) != len(bt.Events) {
				return false
			}
			for i, e := range stored { // what was stored is what was appended
				in := bt.Events[i]
				if e.Version != uint64(i+1) || e.Type != in.Type || string(e.Data) != string(in.Data) || summary(e).Meta != summary(in).Meta {
					return false
				}
			}
			got, err := s.State(ctx)
			want := fold.Replay(record, nil, slices.Values(stored))
			return err == nil && slices.Equal(got, want)
		}, genBatching()))

		props.Property("re-appending stored batches changes nothing; mixing fails", prop.ForAll(func(bt batching, pick int) bool {
			st := newStore()
			defer st.Close()
			s := open(t, st, freshID())
			bs := bt.batches()
			for i, b := range bs { // give the events IDs so they can be re-sent
				for j := range b {
					bs[i][j].ID = fmt.Sprintf("e%d-%d", i, j)
				}
			}
			if appendAll(s, bs) != nil {
				return false
			}
			before, _ := s.State(ctx)
			if len(bs) > 0 {
				again := bs[pick%len(bs)]
				if _, err := s.Append(ctx, again); err != nil {
					return false
				}
				mixed := append(slices.Clone(again), sealstream.Event{ID: "new", Type: "Filed"})
				if _, err := s.Append(ctx, mixed); !errors.Is(err, sealstream.ErrIDConflict) {
					return false
				}
			}
			after, err := s.State(ctx)
			return err == nil && slices.Equal(before, after)
		}, genBatching(), gen.IntRange(0, 100)))

		props.Property("Where == fold over the filtered history; Search == filtered Read", prop.ForAll(func(bt batching, typ, city string) bool {
			st := newStore()
			defer st.Close()
			s := open(t, st, freshID())
			if appendAll(s, bt.batches()) != nil {
				return false
			}
			all, err := history(s)
			if err != nil {
				return false
			}
			keep := func(e sealstream.Event) bool { return e.Type == typ && e.Metadata["city"] == city }
			want := fold.Replay(fold.Filter(record, keep), nil, slices.Values(all))
			got, err := s.State(ctx, stream.Where([]string{typ}, map[string]string{"city": city}))
			if err != nil || !slices.Equal(got, want) {
				return false
			}
			found, err := s.Search(ctx, keep)
			return err == nil && slices.Equal(fold.Replay(record, nil, slices.Values(found)), want)
		}, genBatching(), gen.OneConstOf("Filed", "Paid", "Moved"), gen.OneConstOf("Lyon", "home")))

		props.TestingRun(t)
	})
}
