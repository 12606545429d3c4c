package props_test

import (
	"context"
	"errors"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

func TestKeyLaws(t *testing.T) {
	forEach(t, keyLaws)
}

func keyLaws(t *testing.T, b backend) {
	ctx := context.Background()
	url := b.url(t)
	props := properties(t, *cases)
	props.Property("rotation never makes history unreadable", prop.ForAll(func(plan []bool) bool {
		ring := keyset.NewMemory()
		st, _ := stream.NewStore(ctx, stream.Config{URL: url, Keys: ring})
		defer st.Close()
		id := freshID()
		s := open(t, st, id)
		n := 0
		for _, rotate := range plan { // true: rotate, false: append
			if rotate {
				if ring.Rotate(ctx, id) != nil {
					return false
				}
				continue
			}
			if _, err := s.Append(ctx, typed(1)); err != nil {
				return false
			}
			n++
		}
		got, err := s.State(ctx)
		return err == nil && len(got) == n
	}, gen.SliceOf(gen.Bool())))
	props.Property("shredding one stream leaves every other stream readable", prop.ForAll(func(streams, victim int) bool {
		ring := keyset.NewMemory()
		st, _ := stream.NewStore(ctx, stream.Config{URL: url, Keys: ring})
		defer st.Close()
		names := make([]string, streams)
		for i := range names {
			names[i] = freshID()
			if _, err := open(t, st, names[i]).Append(ctx, typed(2)); err != nil {
				return false
			}
		}
		victim %= streams
		if ring.Forget(ctx, names[victim]) != nil {
			return false
		}
		for i, id := range names {
			_, err := open(t, st, id).State(ctx)
			if (i == victim) != errors.Is(err, sealstream.ErrShredded) || (i != victim && err != nil) {
				return false
			}
		}
		return true
	}, gen.IntRange(1, 6), gen.IntRange(0, 100)))
	props.TestingRun(t)
}
