package idindex_test

import (
	"context"
	"errors"
	"iter"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream/internal/idindex"
)

// Two users of one file (as two processes are) take turns: both finish
// with the right answer.
func TestUsersTakeTurns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			l := &logOf{prefix: "e", n: uint64(1000 * (i + 1))}
			_, at, err := idindex.New(osFS{}, path, "s").Update(context.Background(), l.src, l.valid, l.n, 0, []string{"e1000"})
			if err == nil && at[0] != 1000 {
				err = errors.New("e1000 not found")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A user waiting for the file gives up when its context ends.
func TestWaitHonoursContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.ids")
	l := &logOf{prefix: "e", n: 10}
	started, release := make(chan struct{}), make(chan struct{})
	var holder idindex.Source = func(ctx context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
		return func(yield func(idindex.Entry, error) bool) {
			close(started)
			<-release // holds the file open meanwhile
			for e, err := range l.src(ctx, from) {
				if !yield(e, err) {
					return
				}
			}
		}
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := idindex.New(osFS{}, path, "s").Update(context.Background(), holder, l.valid, l.n, 0, nil)
		done <- err
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := idindex.New(osFS{}, path, "s").Update(ctx, l.src, l.valid, l.n, 0, nil)
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want context.DeadlineExceeded", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
