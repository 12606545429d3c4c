package kg_test

import (
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/kg"
)

var (
	cases = flag.Int("kg.cases", 300, "cases per property")
	seed  = flag.Int64("kg.seed", 0, "seed to replay (0: from the clock)")
)

// properties returns a property set with a seed it prints for replay.
func properties(t *testing.T) *gopter.Properties {
	t.Helper()
	s := *seed
	if s == 0 {
		s = time.Now().UnixNano()
	}
	t.Logf("seed: %d (replay with -kg.seed=%d)", s, s)
	p := gopter.DefaultTestParametersWithSeed(s)
	p.MinSuccessfulTests = *cases
	p.MaxSize = 30
	return gopter.NewProperties(p)
}

// genEvent makes life events over small domains, so facts repeat and get
// retracted, with some payloads that the rules cannot read. Times are
// random minutes: numbered() replaces them where order matters.
func genEvent() gopter.Gen {
	return gopter.CombineGens(gen.IntRange(0, 7), gen.IntRange(0, 3), gen.IntRange(0, 3),
		gen.IntRange(0, 9), gen.IntRange(0, 40)).Map(func(v []any) sealstream.Event {
		k, a, b, variant := v[0].(int), v[1].(int), v[2].(int), v[3].(int)
		var e sealstream.Event
		switch k {
		case 0:
			e = ev("PolicyBought", map[string]string{"policy": fmt.Sprint("p", a), "by": fmt.Sprint("v", b)})
		case 1:
			e = ev("ClaimFiled", map[string]string{"claim": fmt.Sprint("c", a), "policy": fmt.Sprint("p", b)})
		case 2:
			e = ev("ClaimPaid", map[string]string{"claim": fmt.Sprint("c", a)})
		case 3:
			e = ev("Moved", map[string]string{"from": fmt.Sprint("a", a), "to": fmt.Sprint("a", b)})
		case 4:
			e = ev("PolicyEnded", map[string]any{"policy": fmt.Sprint("p", a)})
		case 5:
			e = ev("Subscribed", map[string]any{"items": []any{fmt.Sprint("s", a), b}})
		default:
			e = ev("Noted", map[string]int{"n": a})
		}
		switch variant {
		case 0:
			e.Data = []byte("not json")
		case 1:
			e.Data = []byte(`{"claim":{"nested":true},"policy":null,"items":"x"}`)
		}
		e.Time = time.Date(2026, 1, 1, 9, v[4].(int), 0, 0, time.UTC)
		return e
	})
}

func genEvents() gopter.Gen { return gen.SliceOf(genEvent()) }

func TestProperties(t *testing.T) {
	x := mustRules(t, lifeRules).Extract
	f := kg.Fold(x)
	p := properties(t)
	p.Property("Build(events) == Replay(Fold(extract))", prop.ForAll(func(es []sealstream.Event) bool {
		es = numbered(es...)
		return canon(t, build(t, es, x)) == canon(t, fold.Replay(f, kg.New(), slices.Values(es)))
	}, genEvents()))
	p.Property("Build(a ++ b) == Fold(b) onto Build(a)", prop.ForAll(func(a, b []sealstream.Event) bool {
		all := numbered(append(slices.Clone(a), b...)...)
		onto := fold.Replay(f, build(t, all[:len(a)], x), slices.Values(all[len(a):]))
		return canon(t, build(t, all, x)) == canon(t, onto)
	}, genEvents(), genEvents()))
	p.Property("Fold never changes the graph it is given", prop.ForAll(func(a, b []sealstream.Event) bool {
		all := numbered(append(slices.Clone(a), b...)...)
		g := fold.Replay(f, kg.New(), slices.Values(all[:len(a)]))
		before := canon(t, g)
		tip := g
		for i, e := range all[len(a):] { // every event folds onto g (a branch) and onto the tip (a line)
			branch := f(g, e)
			tip = f(tip, e)
			want := build(t, append(slices.Clone(all[:len(a)]), e), x)
			if canon(t, branch) != canon(t, want) || canon(t, g) != before {
				return false
			}
			if canon(t, tip) != canon(t, build(t, all[:len(a)+i+1], x)) {
				return false
			}
		}
		return canon(t, g) == before
	}, genEvents(), genEvents()))
	p.Property("AsOf(v) == Build(events 1..v)", prop.ForAll(func(es []sealstream.Event) bool {
		es = numbered(es...)
		g := build(t, es, x)
		for v := 0; v <= len(es); v++ {
			if canon(t, g.AsOf(uint64(v))) != canon(t, build(t, es[:v], x)) {
				return false
			}
		}
		return true
	}, genEvents()))
	p.Property("AsOfTime(t) == Build(events up to t), times in any order", prop.ForAll(func(es []sealstream.Event, minute int) bool {
		for i := range es {
			es[i].Version = uint64(i + 1)
		}
		at := time.Date(2026, 1, 1, 9, minute, 0, 0, time.UTC)
		kept := slices.DeleteFunc(slices.Clone(es), func(e sealstream.Event) bool { return e.Time.After(at) })
		return canon(t, build(t, es, x).AsOfTime(at)) == canon(t, build(t, kept, x))
	}, genEvents(), gen.IntRange(0, 40)))
	p.TestingRun(t)
}
