package stream_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// Live watchers share each payload's opening, but the metadata of the
// events they yield is each one's own: a watcher that writes to it changes
// nothing another watcher sees.
func TestWatchersOwnTheirMetadata(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := stream.Open(ctx, newStore(t, stream.Config{}), "s", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	changed, seen := make(chan struct{}), make(chan string, 1)
	go func() { // the writer
		for e, err := range s.Watch(ctx) {
			if err == nil {
				e.Metadata["city"] = "changed"
				close(changed)
			}
			return
		}
	}()
	go func() { // the reader looks after the writer wrote
		for e, err := range s.Watch(ctx) {
			if err == nil {
				<-changed
				seen <- e.Metadata["city"]
			}
			return
		}
	}()
	for stream.FanSubscribers(s) < 2 {
		if ctx.Err() != nil {
			t.Fatal("the watchers never went live")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := s.Append(ctx, []sealstream.Event{{Type: "Moved", Data: []byte("x"), Metadata: map[string]string{"city": "Lyon"}}}); err != nil {
		t.Fatal(err)
	}
	if c := <-seen; c != "Lyon" {
		t.Fatalf("the reader saw city %q: another watcher's write reached it", c)
	}
}
