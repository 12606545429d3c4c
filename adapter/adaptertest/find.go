package adaptertest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// testFind checks a log that is an [adapter.Finder]: every event ID is
// found at its version, from this handle and from another one, IDs of
// other streams and unknown IDs give 0, repeated IDs in one call are each
// answered, and a closed log refuses.
func testFind(t *testing.T, a adapter.Adapter) {
	ctx := context.Background()
	l := OpenLog(t, a, "find-a")
	f, ok := l.(adapter.Finder)
	if !ok {
		t.Skip("the adapter's logs have no index of their own (not an adapter.Finder)")
	}
	recs := Records("find-a", 0, 300, nil)
	appendOK(t, l, 0, recs[:100])
	appendOK(t, l, 100, recs[100:])
	fill(t, a, "find-b", 5)
	other := Records("find-b", 0, 5, nil)[2].ID
	ids := []string{recs[0].ID, recs[149].ID, recs[299].ID, "no-such-event", other, recs[149].ID}
	want := fmt.Sprint([]uint64{1, 150, 300, 0, 0, 150})
	if _, err := f.Find(ctx, ids); errors.Is(err, errors.ErrUnsupported) {
		t.Skip("the log found it has no index of its own: ", err)
	}
	for name, fl := range map[string]adapter.Log{"same handle": l, "other handle": OpenLog(t, a, "find-a")} {
		at, err := fl.(adapter.Finder).Find(ctx, ids)
		if err != nil {
			t.Fatalf("%s: Find = %v", name, err)
		}
		if got := fmt.Sprint(at); got != want {
			t.Errorf("%s: Find(%q) = %s, want %s", name, ids, got, want)
		}
	}
	if at, err := f.Find(ctx, nil); err != nil || len(at) != 0 {
		t.Errorf("Find(nil) = %v, %v", at, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Find(ctx, ids); !errors.Is(err, sealstream.ErrClosed) {
		t.Errorf("Find after Close = %v, want ErrClosed", err)
	}
}
