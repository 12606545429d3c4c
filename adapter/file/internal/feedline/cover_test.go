package feedline_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// Against a set of versions: any order of adds, holes are exactly the
// missing versions, and the cover stays sorted, disjoint and merged.
func TestCoverModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		var c feedline.Cover
		have := map[uint64]bool{}
		for range rng.IntN(12) {
			from := 1 + rng.Uint64N(40)
			to := from + rng.Uint64N(5)
			c = c.Add(from, to)
			for v := from; v <= to; v++ {
				have[v] = true
			}
		}
		for i := 1; i < len(c); i++ {
			if c[i].From <= c[i-1].To+1 {
				t.Fatalf("round %d: cover %v not merged", round, c)
			}
		}
		head := rng.Uint64N(50)
		var want []feedline.Span
		for v := uint64(1); v <= head; v++ {
			if have[v] {
				continue
			}
			if n := len(want); n > 0 && want[n-1].To+1 == v {
				want[n-1].To = v
			} else {
				want = append(want, feedline.Span{From: v, To: v})
			}
		}
		if got := c.Holes(head); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: cover %v, head %d: holes %v, want %v", round, c, head, got, want)
		}
	}
}
