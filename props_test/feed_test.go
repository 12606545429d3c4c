package props_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// feedOp is one step of a feed case: Kind 0–3 appends K events to stream
// Stream through store Store, 4 erases Stream, 5 checks the feed through
// Store.
type feedOp struct{ Kind, Store, Stream, K int }

func genFeedOps() gopter.Gen {
	op := gopter.CombineGens(gen.IntRange(0, 5), gen.IntRange(0, 2), gen.IntRange(0, 3), gen.IntRange(1, 3)).
		Map(func(v []any) feedOp { return feedOp{v[0].(int), v[1].(int), v[2].(int), v[3].(int)} })
	return gen.SliceOf(op)
}

// keepFeed is a shared in-memory adapter that the stores on it do not
// close, its change feed kept.
type keepFeed struct{ *mem.Adapter }

func (keepFeed) Close() error { return nil }

// Three stores on one location append to, erase and read the feed of four
// streams: after every step, the feed read through any store gives each
// live stream's batches once, in version order, covering exactly its
// versions, nothing of an erased stream's earlier life, positions
// increasing; and from any position it gave, exactly the changes after it.
func TestFeedModel(t *testing.T) {
	for _, loc := range []struct {
		name  string
		n     int
		place func(t *testing.T) (cfg stream.Config, done func())
	}{
		{"mem", *cases, func(*testing.T) (stream.Config, func()) {
			a := mem.New()
			return stream.Config{Plaintext: true, Opener: func(context.Context, string) (adapter.Adapter, error) {
				return keepFeed{a}, nil
			}}, func() { _ = a.Close() }
		}},
		{"file", max(*cases/fileShare, 1), func(t *testing.T) (stream.Config, func()) {
			dir, err := os.MkdirTemp(t.TempDir(), "feed")
			if err != nil {
				t.Fatal(err)
			}
			return stream.Config{Plaintext: true, URL: "file://" + dir}, func() { _ = os.RemoveAll(dir) }
		}},
	} {
		t.Run(loc.name, func(t *testing.T) {
			p := properties(t, loc.n)
			p.Property("the feed agrees with the streams", prop.ForAll(func(ops []feedOp) string {
				cfg, done := loc.place(t)
				defer done()
				return runFeedCase(cfg, ops)
			}, genFeedOps()))
			p.TestingRun(t)
		})
	}
}

func runFeedCase(cfg stream.Config, ops []feedOp) string {
	ctx := context.Background()
	var stores []*stream.Store
	defer func() {
		for _, st := range stores {
			_ = st.Close()
		}
	}()
	for range 3 {
		st, err := stream.NewStore(ctx, cfg)
		if err != nil {
			return fmt.Sprint("NewStore: ", err)
		}
		stores = append(stores, st)
	}
	heads := map[string]uint64{}
	for i, op := range append(ops, feedOp{Kind: 5}) {
		id := fmt.Sprint("s", op.Stream)
		st := stores[op.Store]
		var err error
		switch op.Kind {
		case 4:
			err = st.Erase(ctx, id)
			delete(heads, id)
		case 5:
			if msg := checkFeed(ctx, st, heads); msg != "" {
				return fmt.Sprintf("step %d (%+v): %s", i, op, msg)
			}
		default:
			err = appendEvents(ctx, st, id, op.K)
			heads[id] += uint64(op.K)
		}
		if err != nil {
			return fmt.Sprintf("step %d (%+v): %v", i, op, err)
		}
	}
	return ""
}

func appendEvents(ctx context.Context, st *stream.Store, id string, k int) error {
	s, err := stream.Open(ctx, st, id, fold.Count(), 0)
	if err != nil {
		return err
	}
	defer s.Close()
	events := make([]sealstream.Event, k)
	for i := range events {
		events[i] = sealstream.Event{Type: "Noted"}
	}
	_, err = s.Append(ctx, events)
	return err
}

// checkFeed reads the whole feed through st and checks it against heads,
// then resumes from each position it gave.
func checkFeed(ctx context.Context, st *stream.Store, heads map[string]uint64) string {
	all, err := collectChanges(ctx, st, 0)
	if err != nil {
		return err.Error()
	}
	next := map[string]uint64{}
	for i, c := range all {
		if i > 0 && c.Position <= all[i-1].Position {
			return fmt.Sprintf("position %d after %d", c.Position, all[i-1].Position)
		}
		if c.From != next[c.Stream]+1 || c.To < c.From {
			return fmt.Sprintf("change %+v after version %d of its stream", c, next[c.Stream])
		}
		next[c.Stream] = c.To
	}
	if fmt.Sprint(next) != fmt.Sprint(heads) {
		return fmt.Sprintf("the feed covers %v, the streams hold %v", next, heads)
	}
	for i, c := range all {
		rest, err := collectChanges(ctx, st, c.Position)
		if err != nil || fmt.Sprint(rest) != fmt.Sprint(all[i+1:]) {
			return fmt.Sprintf("from %d: %v, %v; want %v", c.Position, rest, err, all[i+1:])
		}
	}
	return ""
}

func collectChanges(ctx context.Context, st *stream.Store, since uint64) ([]sealstream.Change, error) {
	var out []sealstream.Change
	for c, err := range st.Changes(ctx, since) {
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}
