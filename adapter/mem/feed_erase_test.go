package mem_test

import (
	"context"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// A batch appended to a stream opened anew while an Erase of the same ID
// runs stays in the feed whenever it stays in the stream: Erase drops the
// old stream's changes, never the new one's.
func TestFeedEraseRacingReopen(t *testing.T) {
	ctx := context.Background()
	a := mem.New()
	defer a.Close()
	for i := range 5000 {
		l := adaptertest.OpenLog(t, a, "x")
		if err := l.Append(ctx, 0, adaptertest.Records("x", 0, 1, nil)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := a.Erase(ctx, "x"); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			for range 2 {
				l2, err := a.Open(ctx, "x")
				if err != nil {
					t.Error(err)
					return
				}
				_ = l2.Append(ctx, 0, adaptertest.Records("x", 0, 1, nil)) // one of them lands
			}
		})
		wg.Wait()
		l3 := adaptertest.OpenLog(t, a, "x")
		h, err := l3.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range adaptertest.Changes(t, a, 0) {
			found = found || c.Stream == "x"
		}
		if h.Version > 0 && !found {
			t.Fatalf("round %d: stream x holds version %d but the feed has no change of it", i, h.Version)
		}
		if err := a.Erase(ctx, "x"); err != nil {
			t.Fatal(err)
		}
	}
}
