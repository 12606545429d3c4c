package props_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

func TestConcurrencyLaws(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		newStore := b.location(t)
		ctx := context.Background()
		props := properties(t, *cases)

		props.Property("versions stay contiguous under concurrent appenders", prop.ForAll(func(work [][]int, expect []bool) bool {
			st := newStore()
			defer st.Close()
			id := freshID()
			var wg sync.WaitGroup
			var mu sync.Mutex
			landed, failed := 0, false
			for w, sizes := range work {
				s := open(t, st, id)
				defer s.Close()
				withExpect := len(expect) > 0 && expect[w%len(expect)]
				wg.Go(func() {
					for _, n := range sizes {
						var opts []stream.AppendOption
						if withExpect {
							m, _ := s.Metrics(ctx)
							opts = append(opts, stream.ExpectVersion(m.Version))
						}
						_, err := s.Append(ctx, typed(n), opts...)
						mu.Lock()
						if err == nil {
							landed += n
						} else if !withExpect || !errors.Is(err, sealstream.ErrConflict) {
							failed = true
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if failed {
				return false
			}
			all, err := history(open(t, st, id))
			if err != nil || len(all) != landed {
				return false
			}
			for i, e := range all {
				if e.Version != uint64(i+1) {
					return false
				}
			}
			return true
		}, gen.SliceOfN(4, gen.SliceOfN(4, gen.IntRange(1, 3))), gen.SliceOfN(4, gen.Bool())))

		props.Property("ReadAndWatch from v yields v..head then the live events, once each, in order", prop.ForAll(func(before, live []int, from uint64) bool {
			st := newStore()
			defer st.Close()
			s := open(t, st, freshID())
			defer s.Close()
			total := 0
			for _, n := range before {
				total += n
				if _, err := s.Append(ctx, typed(n)); err != nil {
					return false
				}
			}
			for _, n := range live {
				total += n
			}
			from = min(from, uint64(total)+1)
			want := total - int(max(from, 1)) + 1
			var wg sync.WaitGroup
			wg.Go(func() {
				for _, n := range live {
					_, _ = s.Append(ctx, typed(n))
				}
			})
			defer wg.Wait()
			if want == 0 {
				return true
			}
			var last []event
			for st, err := range s.ReadAndWatch(ctx, stream.From(from)) {
				if err != nil {
					return false
				}
				if last = st; len(st) == want {
					break
				}
			}
			for i, e := range last {
				if e.V != max(from, 1)+uint64(i) {
					return false
				}
			}
			return slices.IsSortedFunc(last, func(a, b event) int { return int(a.V) - int(b.V) })
		}, gen.SliceOfN(4, gen.IntRange(1, 4)), gen.SliceOfN(4, gen.IntRange(1, 4)), gen.UInt64Range(0, 20)))

		props.TestingRun(t)
	})
}

func typed(n int) []sealstream.Event {
	es := make([]sealstream.Event, n)
	for i := range es {
		es[i].Type = "Filed"
	}
	return es
}
