package server_test

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// TestWatchersShareTail has watches start at the first record of a long
// history, in its middle and at its end while more is appended in small
// batches: each sees every record from where it started, once, in order,
// whether it came from the log or from the records the watches share.
func TestWatchersShareTail(t *testing.T) {
	defer http.DefaultClient.CloseIdleConnections()
	const history, live = 2500, 1500
	f := newFixture(t, nil)
	l := adaptertest.OpenLog(t, f.backend, "s")
	recs := adaptertest.Records("s", 0, history+live, nil)
	for v := 0; v < history; v += 500 {
		if err := l.Append(context.Background(), uint64(v), recs[v:v+500]); err != nil {
			t.Fatal(err)
		}
	}
	starts := []int{1, 2, 1200, 2490, history + 1, history + 1}
	var wg sync.WaitGroup
	errs := make(chan string, len(starts))
	for _, from := range starts {
		r, body := f.watch(t, "stream=s&from="+strconv.Itoa(from))
		wg.Go(func() {
			defer body.Close()
			for want := from; want <= history+live; want++ {
				ev, err := r.Next()
				if err != nil || ev.Name != wire.EventRecord || ev.ID != strconv.Itoa(want) {
					errs <- "watch from " + strconv.Itoa(from) + ": got " + ev.String() + ", want id " + strconv.Itoa(want)
					return
				}
			}
		})
	}
	for v := history; v < history+live; v += 7 {
		end := min(v+7, history+live)
		if err := l.Append(context.Background(), uint64(v), recs[v:end]); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}
