package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// feedCovers waits until the feed of a holds every record of the streams
// in heads, each version once (after a failure, not always in version
// order), and fails the test if it does not within 30s.
func feedCovers(t *testing.T, a *file.Adapter, heads map[string]uint64) []sealstream.Change {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		cs := adaptertest.Changes(t, a, 0)
		seen := map[string]map[uint64]bool{}
		next := map[string]uint64{} // versions covered, if 1…n each once
		for _, c := range cs {
			if seen[c.Stream] == nil {
				seen[c.Stream] = map[uint64]bool{}
			}
			for v := c.From; v <= c.To; v++ {
				if seen[c.Stream][v] {
					t.Fatalf("change %+v repeats version %d", c, v)
				}
				seen[c.Stream][v] = true
			}
		}
		for id, vs := range seen {
			for next[id] = 0; vs[next[id]+1]; next[id]++ {
			}
		}
		if fmt.Sprint(next) == fmt.Sprint(heads) {
			return cs
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed covers %v, the streams hold %v", next, heads)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// markers lists the markers in the directory's "changes.live".
func markers(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(dir, "changes.live"))
	mustf(t, err, "read markers")
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestKill9BetweenLogAndFeed kills a process after its append reached the
// stream file and before its change reached the feed: the next adapter on
// the directory finds the dead marker, adds the change, and removes the
// marker.
func TestKill9BetweenLogAndFeed(t *testing.T) {
	for _, k := range []int{1, 2, 17} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			dir := t.TempDir()
			cmd := helper("write", "DIR="+dir, "STREAM=s", "COUNT=40", fmt.Sprintf("KILL_FEED=%d", k))
			if err := cmd.Run(); err == nil {
				t.Fatal("the child was not killed")
			}
			a := openAdapter(t, dir, quiet())
			if h := headOf(t, openLog(t, a, "s")); h != uint64(k) {
				t.Fatalf("the stream holds %d records, want %d: the killed append was durable", h, k)
			}
			feedCovers(t, a, map[string]uint64{"s": uint64(k)})
			waitMarkers(t, dir, 1) // the adapter's own
		})
	}
}

// waitMarkers waits until the directory holds n markers.
func waitMarkers(t *testing.T, dir string, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); len(markers(t, dir)) != n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("markers %q, want %d", markers(t, dir), n)
		}
	}
}

// TestFeedLostTail plays a machine crash: the feed lost its last changes
// (they were never fsynced) and ends with a torn line, and the marker of
// the adapter that wrote them is dead. The next adapter brings the feed
// back up to date, the torn line is skipped, and later changes are read
// past it.
func TestFeedLostTail(t *testing.T) {
	dir := t.TempDir()
	a := openAdapter(t, dir, quiet())
	heads := map[string]uint64{}
	var cut int64
	for i := range 12 {
		id := fmt.Sprintf("s%d", i%3)
		l := openLog(t, a, id)
		mustf(t, l.Append(context.Background(), heads[id], adaptertest.Records(id, heads[id], 1+i%2, prevHash(t, l, id))), "append")
		heads[id] += uint64(1 + i%2)
		if i == 6 {
			fi, err := os.Stat(filepath.Join(dir, "changes.feed"))
			mustf(t, err, "stat feed")
			cut = fi.Size()
		}
	}
	mustf(t, a.Close(), "close")
	feed := filepath.Join(dir, "changes.feed")
	mustf(t, os.Truncate(feed, cut), "cut the feed")
	f, err := os.OpenFile(feed, os.O_WRONLY|os.O_APPEND, 0)
	mustf(t, err, "open feed")
	_, err = f.WriteString("\n3 9 \"s1\" 0bad")
	mustf(t, err, "tear")
	mustf(t, f.Close(), "close feed")
	mustf(t, os.WriteFile(filepath.Join(dir, "changes.live", "0123456789abcdef"), nil, 0o600), "dead marker")

	b := openAdapter(t, dir, quiet())
	feedCovers(t, b, heads)
	waitMarkers(t, dir, 1)
	l := openLog(t, b, "s0")
	mustf(t, l.Append(context.Background(), heads["s0"], adaptertest.Records("s0", heads["s0"], 1, prevHash(t, l, "s0"))), "append after")
	heads["s0"]++
	feedCovers(t, b, heads)
}

// TestFeedWriteFails: an append whose change could not be written to the
// feed is still acknowledged (it is durable), and the adapter adds the
// change by itself.
func TestFeedWriteFails(t *testing.T) {
	in := &feedFault{fail: 2}
	o := quiet()
	o.Fault = in.hook
	o.OnFeedError = func(err error) { t.Errorf("OnFeedError(%v)", err) }
	dir := t.TempDir()
	a := openAdapter(t, dir, o)
	l := openLog(t, a, "s")
	for v := range uint64(4) {
		mustf(t, l.Append(context.Background(), v, adaptertest.Records("s", v, 1, prevHash(t, l, "s"))), "append %d", v+1)
	}
	feedCovers(t, a, map[string]uint64{"s": 4})
	waitMarkers(t, dir, 1)
}

// feedFault fails the fail-th write of the feed.
type feedFault struct {
	mu      sync.Mutex
	n, fail int
}

func (f *feedFault) hook(op file.Op, name string, _ int) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if name == "changes.feed" && op == file.OpWrite {
		if f.n++; f.n == f.fail {
			return 0, fmt.Errorf("%w: write of the feed", errInjected)
		}
	}
	return 0, nil
}

func headOf(t *testing.T, l adapter.Log) uint64 {
	t.Helper()
	h, err := l.Head(context.Background())
	mustf(t, err, "head")
	return h.Version
}

// prevHash is the hash the next record of stream id, open as l, chains to.
func prevHash(t *testing.T, l adapter.Log, id string) []byte {
	t.Helper()
	h, err := l.Head(context.Background())
	mustf(t, err, "head")
	if h.Version == 0 {
		return nil
	}
	return codec.Hash(id, &h.Last)
}
