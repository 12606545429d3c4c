package file_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
)

// TestConcurrentReadersAndWriters runs 16 appenders, each on its own
// handle, beside readers that keep calling Head and Read: no reader ever
// sees an error, a gap or a version going back, and every append lands.
// It runs with the default options, and with the sidecar saved every 8
// records, so that reads go through a sidecar being extended.
func TestConcurrentReadersAndWriters(t *testing.T) {
	t.Run("defaults", func(t *testing.T) { concurrentReadersAndWriters(t, nil) })
	t.Run("sidecar every 8", func(t *testing.T) { concurrentReadersAndWriters(t, &file.Options{IndexEvery: 8}) })
}

func concurrentReadersAndWriters(t *testing.T, opts *file.Options) {
	const writers, each, readers = 16, 40, 4
	a := openAdapter(t, t.TempDir(), opts)
	var wg sync.WaitGroup
	var done atomic.Bool
	errs := make(chan error, writers+readers)
	for w := range writers {
		l := openLog(t, a, "busy")
		wg.Go(func() {
			for i := 0; i < each; {
				h, err := l.Head(context.Background())
				if err != nil {
					errs <- err
					return
				}
				err = l.Append(context.Background(), h.Version, []codec.Record{record(h.Version+1, fmt.Sprintf("w%d-%d", w, i))})
				switch {
				case err == nil:
					i++
				case !errors.Is(err, sealstream.ErrConflict):
					errs <- err
					return
				}
			}
		})
	}
	var rg sync.WaitGroup
	for range readers {
		l := openLog(t, a, "busy")
		rg.Go(func() {
			seen := uint64(0)
			for !done.Load() {
				h, err := l.Head(context.Background())
				if err != nil || h.Version < seen {
					errs <- fmt.Errorf("Head() = %d, %v after seeing %d", h.Version, err, seen)
					return
				}
				seen = h.Version
				n := uint64(0)
				for r, err := range l.Read(context.Background(), 1) {
					if n++; err != nil || r.Version != n {
						errs <- fmt.Errorf("Read yielded version %d at %d: %v", r.Version, n, err)
						return
					}
				}
				if n < seen {
					errs <- fmt.Errorf("Read yielded %d records after Head() = %d", n, seen)
					return
				}
			}
		})
	}
	wg.Wait()
	done.Store(true)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := len(readAll(t, openLog(t, a, "busy"))); got != writers*each {
		t.Fatalf("got %d records, want %d", got, writers*each)
	}
}
