package httpadapter_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// device opens a store on the server at url as one device would: streams
// through the client adapter, keysets sealed under a passphrase in the
// server's blob store. It is closed when the test ends.
func device(t testing.TB, url, token string) *stream.Store {
	t.Helper()
	o := httpadapter.Options{Token: token, RetryFor: 20 * time.Second, Timeout: 10 * time.Second}
	blobs, err := httpadapter.NewBlobStore(url, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = blobs.Close() })
	ring := keyset.New(blobs, keyset.Passphrase([]byte("correct horse battery"), cheap))
	store, err := stream.NewStore(context.Background(), stream.Config{URL: url, Keys: ring, Opener: o.Open})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store
}

// openCount opens a count of stream id on store, closed when the test ends.
func openCount(t testing.TB, store *stream.Store, id string) *stream.Stream[int] {
	t.Helper()
	s, err := stream.Open(context.Background(), store, id, fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// collect watches s from version 1 until it has seen n events and sends
// their IDs, in the order seen, or the first error.
func collect(ctx context.Context, s *stream.Stream[int], n int) <-chan []string {
	out := make(chan []string, 1)
	go func() {
		var ids []string
		defer func() { out <- ids }()
		for e, err := range s.Watch(ctx, stream.From(1)) {
			if err != nil {
				ids = append(ids, "error: "+err.Error())
				return
			}
			if e.Version != uint64(len(ids))+1 {
				ids = append(ids, fmt.Sprintf("error: version %d after %d events", e.Version, len(ids)))
				return
			}
			if ids = append(ids, e.ID); len(ids) == n {
				return
			}
		}
	}()
	return out
}

// TestTwoDevices has two devices (stores with keyrings of their own on
// one passphrase, both kept on the server) append to one stream at once,
// with and without ExpectVersion, while each watches: both see every
// event once, in the stream's order, and decrypt it.
func TestTwoDevices(t *testing.T) {
	const each = 40
	ts := startServer(t, nil)
	phone, laptop := openCount(t, device(t, ts.URL, ts.token("all")), "alice"), openCount(t, device(t, ts.URL, ts.token("all")), "alice")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	total := 4 * each
	seen := []<-chan []string{collect(ctx, phone, total), collect(ctx, laptop, total)}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for d, s := range []*stream.Stream[int]{phone, laptop} {
		wg.Go(func() { errs <- appendMany(ctx, s, fmt.Sprintf("d%d-free", d), each, false) })
		wg.Go(func() { errs <- appendMany(ctx, s, fmt.Sprintf("d%d-expect", d), each, true) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var history []string
	for e, err := range laptop.Read(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, e.ID)
	}
	if len(history) != total {
		t.Fatalf("the stream holds %d events, want %d", len(history), total)
	}
	for i, ch := range seen {
		if got := <-ch; !slices.Equal(got, history) {
			t.Fatalf("device %d watched %d events %q…, want the stream's %d", i, len(got), got[:min(len(got), 3)], total)
		}
	}
}

// appendMany appends n events with IDs prefix-0, prefix-1, …, one per
// call; with expect, each at the version it last read, retrying on
// conflict.
func appendMany(ctx context.Context, s *stream.Stream[int], prefix string, n int, expect bool) error {
	for i := 0; i < n; {
		ev := []sealstream.Event{{ID: fmt.Sprintf("%s-%d", prefix, i), Type: "Noted", Data: []byte("sealed on the device")}}
		var opts []stream.AppendOption
		if expect {
			m, err := s.Metrics(ctx)
			if err != nil {
				return err
			}
			opts = append(opts, stream.ExpectVersion(m.Version))
		}
		_, err := s.Append(ctx, ev, opts...)
		switch {
		case err == nil:
			i++
		case expect && errors.Is(err, sealstream.ErrConflict):
		default:
			return fmt.Errorf("%s-%d: %w", prefix, i, err)
		}
	}
	return nil
}
