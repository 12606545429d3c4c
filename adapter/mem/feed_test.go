package mem_test

import (
	"context"
	"errors"
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

// A canceled context ends Changes with its error even where no change
// follows since.
func TestFeedCanceledAtTheEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := mem.New()
	defer a.Close()
	l := adaptertest.OpenLog(t, a, "a")
	if err := l.Append(context.Background(), 0, adaptertest.Records("a", 0, 1, nil)); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range a.Changes(ctx, 1) {
		if n++; !errors.Is(err, context.Canceled) {
			t.Fatalf("Changes(canceled, 1) = %v, want context.Canceled", err)
		}
	}
	if n != 1 {
		t.Fatalf("Changes(canceled, 1) yielded %d times, want once", n)
	}
}
