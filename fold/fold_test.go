package fold_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func events(types ...string) []sealstream.Event {
	out := make([]sealstream.Event, len(types))
	for i, t := range types {
		out[i] = sealstream.Event{Type: t, Version: uint64(i + 1), Data: []byte(`{"amount":` + string(rune('1'+i)) + `}`)}
	}
	return out
}

func TestCombinators(t *testing.T) {
	es := events("Filed", "Paid", "Filed", "Closed")
	inc := func(n int, _ sealstream.Event) int { return n + 1 }
	cases := []struct {
		name string
		f    fold.Fold[int]
		want int
	}{
		{"Count", fold.Count(), 4},
		{"ByType", fold.ByType(map[string]fold.Fold[int]{"Filed": inc, "Closed": func(n int, _ sealstream.Event) int { return n * 10 }}), 20},
		{"Filter", fold.Filter(fold.Count(), func(e sealstream.Event) bool { return e.Type != "Paid" }), 3},
	}
	for _, c := range cases {
		if got := fold.Replay(c.f, 0, slices.Values(es)); got != c.want {
			t.Errorf("%s over %d events = %d, want %d", c.name, len(es), got, c.want)
		}
	}
	p := fold.Replay(fold.Product(fold.Count(), fold.Filter(fold.Count(), func(e sealstream.Event) bool { return e.Type == "Filed" })),
		fold.Pair[int, int]{}, slices.Values(es))
	if p.First != 4 || p.Second != 2 {
		t.Fatalf("Product = %+v, want {4 2}", p)
	}
	type totals struct{ n, other int }
	m := fold.Map(fold.Count(), func(s totals) int { return s.n }, func(s totals, n int) totals { s.n = n; return s })
	if got := fold.Replay(m, totals{other: 7}, slices.Values(es)); got != (totals{4, 7}) {
		t.Fatalf("Map = %+v", got)
	}
}

func TestJSON(t *testing.T) {
	type claim struct{ Amount int }
	sum := fold.JSON(func(s int, c claim, _ sealstream.Event) int { return s + c.Amount })
	es := events("A", "B", "C")
	r := fold.Replay(sum, mo.Ok(0), slices.Values(es))
	if got, err := r.Get(); err != nil || got != 6 {
		t.Fatalf("JSON sum = %d, %v; want 6", got, err)
	}
	es[1].Data = []byte(`{"amount": "SECRET-not-a-number"}`)
	r = fold.Replay(sum, mo.Ok(0), slices.Values(es))
	_, err := r.Get()
	if !errors.Is(err, fold.ErrPayload) || !strings.Contains(err.Error(), "event 2") || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("JSON with a bad payload: err = %v", err)
	}
}
