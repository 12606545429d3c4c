package s3_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// TestChangedSeesOtherAdapters watches a stream in one adapter while
// another appends: the poll fires the channel, and the watcher reads the
// new record.
func TestChangedSeesOtherAdapters(t *testing.T) {
	u := freshURL(t)
	watcher := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{PollInterval: 20 * time.Millisecond}), "w")
	writer := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "w")
	recs := adaptertest.Records("w", 0, 5, nil)
	for i := range recs {
		ch := watcher.Changed()
		mustAppend(t, writer, uint64(i), recs[i:i+1])
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("append %d by another adapter not signalled", i+1)
		}
		if got := adaptertest.ReadAll(t, watcher, uint64(i)+1); len(got) != 1 || !got[0].Equal(recs[i]) {
			t.Fatalf("after signal %d the watcher read %d records", i+1, len(got))
		}
	}
}

// TestPollOnlyWhileWatched checks that an adapter sends nothing while no
// Changed channel is out, and polls while one is.
func TestPollOnlyWhileWatched(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, PollInterval: 10 * time.Millisecond}), "idle")
	time.Sleep(200 * time.Millisecond)
	if n := rec.count(""); n != 0 {
		t.Fatalf("%d requests with no watcher, want 0", n)
	}
	l.Changed()
	for deadline := time.Now().Add(10 * time.Second); rec.count("GET") < 3; { // a hang guard, not a timing
		if time.Now().After(deadline) {
			t.Fatalf("%d GETs while watched, want a poll every 10ms", rec.count("GET"))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestCloseWakesWatchers closes the adapter under a waiter: its channel
// is closed, and so is any taken after Close.
func TestCloseWakesWatchers(t *testing.T) {
	a, err := s3.OpenWith(context.Background(), freshURL(t), options(s3.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	l := adaptertest.OpenLog(t, a, "c")
	ch := l.Changed()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	for i, ch := range []<-chan struct{}{ch, l.Changed()} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatalf("channel %d: Close did not wake the watcher", i)
		}
	}
}
