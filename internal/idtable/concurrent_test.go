//go:build linux

package idtable_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/internal/idtable"
)

// Lookups run beside an Add that grows the table, from two handles on one
// file as two processes would: every ID added before a lookup read the
// mark is found, and no lookup fails.
func TestLookupsBesideGrowingAdds(t *testing.T) {
	r := root(t)
	w := create(t, r, "s")
	readers := []*idtable.Table{w, open(t, r, "s")}
	const n = 60_000
	var wg sync.WaitGroup
	done := make(chan struct{})
	for i, x := range readers {
		wg.Go(func() {
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				default:
				}
				m, _ := w.Mark()
				if m.Version == 0 {
					continue
				}
				v := 1 + uint64(k*7919+i)%m.Version
				vs, err := x.Lookup(fmt.Sprint("e", v))
				if err != nil {
					t.Errorf("lookup of e%d: %v", v, err)
					return
				}
				found := false
				for _, c := range vs {
					found = found || c == v
				}
				if !found {
					t.Errorf("e%d not found below mark %d: %v", v, m.Version, vs)
					return
				}
			}
		})
	}
	for v := 1; v <= n; v += 100 {
		add(t, w, entries(v, 100, "e"))
	}
	close(done)
	wg.Wait()
}
