package mem_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// A feed longer than its chunks, with an erased stream dropped from the
// middle, resumes at every position as the whole feed does.
func TestFeedAcrossChunks(t *testing.T) {
	ctx := context.Background()
	a := mem.New()
	defer a.Close()
	ids := []string{"a", "b", "c"}
	heads := map[string]uint64{}
	for i := range 10_000 {
		id := ids[i%3]
		l := adaptertest.OpenLog(t, a, id)
		if err := l.Append(ctx, heads[id], adaptertest.Records(id, heads[id], 1, nil)); err != nil {
			t.Fatal(err)
		}
		heads[id]++
	}
	if err := a.Erase(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	all := adaptertest.Changes(t, a, 0)
	if len(all) != 6667 {
		t.Fatalf("%d changes after erasing b, want 6667", len(all))
	}
	for _, since := range []uint64{0, 1, 2, 4095, 4096, 4097, 6143, 9998, 9999, 10_000} {
		var want []string
		for _, c := range all {
			if c.Position > since {
				want = append(want, fmt.Sprint(c))
			}
		}
		var got []string
		for _, c := range adaptertest.Changes(t, a, since) {
			got = append(got, fmt.Sprint(c))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Changes(%d): %d changes, want %d", since, len(got), len(want))
		}
	}
}
