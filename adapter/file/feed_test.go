package file_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
)

// TestEraseBlanksTheFeed: Erase takes the stream's ID and history out of
// the feed file itself, not only out of what Changes yields, and the other
// changes keep their positions.
func TestEraseBlanksTheFeed(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	ids := append([]string{"kept"}, hostileIDs...)
	for _, id := range ids {
		l := openLog(t, a, id)
		for v := range uint64(2) {
			mustf(t, l.Append(context.Background(), v, adaptertest.Records(id, v, 1, prevHash(t, l, id))), "append to %q", id)
		}
	}
	before := adaptertest.Changes(t, a, 0)
	for _, id := range ids[1:] {
		mustf(t, a.Erase(context.Background(), id), "erase %q", id)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "changes.feed"))
	mustf(t, err, "read feed")
	for _, id := range ids[1:] {
		if bytes.Contains(raw, []byte(strconv.Quote(id))) {
			t.Errorf("the feed still holds %q after its Erase", id)
		}
	}
	var want []string
	for _, c := range before {
		if c.Stream == "kept" {
			want = append(want, fmt.Sprint(c))
		}
	}
	if got := adaptertest.Changes(t, a, 0); fmt.Sprint(got) != "["+join(want)+"]" {
		t.Fatalf("after Erase: %v, want %v", got, want)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// TestFeedTwoAdapters: two adapters on one directory append at once, to
// their own streams and to a shared one; each sees the other's changes
// through FeedChanged (fsnotify, or polling alone), and both read the same
// feed, every version once.
func TestFeedTwoAdapters(t *testing.T) {
	for name, opts := range map[string]file.Options{
		"fsnotify": {PollInterval: -1},
		"polling":  {DisableNotify: true, PollInterval: 5 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := openAdapter(t, dir, &opts), openAdapter(t, dir, &opts)
			wake := a.FeedChanged()
			l := openLog(t, b, "first")
			mustf(t, l.Append(context.Background(), 0, adaptertest.Records("first", 0, 1, nil)), "append")
			select {
			case <-wake:
			case <-time.After(30 * time.Second):
				t.Fatal("FeedChanged did not fire for another adapter's append")
			}
			heads := map[string]uint64{"first": 1}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for w, ad := range []*file.Adapter{a, b, a, b} {
				wg.Go(func() {
					for i := range 20 {
						id := []string{"shared", fmt.Sprintf("own-%d", w)}[i%2]
						l := openLog(t, ad, id)
						v, _ := appendOne(t, l, fmt.Sprintf("w%d-%d", w, i))
						mu.Lock()
						heads[id] = max(heads[id], v)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			fa, fb := feedCovers(t, a, heads), feedCovers(t, b, heads)
			if fmt.Sprint(fa) != fmt.Sprint(fb) {
				t.Fatalf("the two adapters read different feeds:\n%v\n%v", fa, fb)
			}
		})
	}
}

// TestConsumerNoticesACrash: an adapter open before another process died
// between its log and feed writes notices the dead marker as it reads the
// feed, and adds the change.
func TestConsumerNoticesACrash(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	if err := helper("write", "DIR="+dir, "STREAM=s", "COUNT=40", "KILL_FEED=3").Run(); err == nil {
		t.Fatal("the child was not killed")
	}
	feedCovers(t, a, map[string]uint64{"s": 3})
	waitMarkers(t, dir, 1)
}

// TestFeedLongestIDs: the changes of a stream whose ID is as long as the
// adapter takes, of the bytes quoting makes longest, are lines the feed
// reads back wherever they fall, not ones skipped as damaged when they
// straddle a read of the scanner.
func TestFeedLongestIDs(t *testing.T) {
	a := openAdapter(t, t.TempDir(), quiet())
	heads := map[string]uint64{}
	for _, id := range []string{strings.Repeat("\x01", 1024), strings.Repeat("\u0080", 512)} {
		l := openLog(t, a, id)
		for v := range uint64(12) { // 24 lines of over 3 KiB: more than 64 KiB
			mustf(t, l.Append(context.Background(), v, adaptertest.Records(id, v, 1, prevHash(t, l, id))), "append")
		}
		heads[id] = 12
	}
	feedCovers(t, a, heads)
}
