package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/codec"
)

func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		_, u := freshSchema(t)
		a, err := postgres.Open(context.Background(), u)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { _ = a.Close() })
		return a
	})
}

// TestConformanceSmallPages runs the suite with pages of 2 records, so
// that every read crosses page boundaries.
func TestConformanceSmallPages(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		_, u := freshSchema(t)
		return openAdapter(t, u, postgres.Options{PageSize: 2})
	})
}

// TestReadPages reads 1,000 records in pages of 7 from every kind of
// start, and breaks off in the middle of a page.
func TestReadPages(t *testing.T) {
	_, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{PageSize: 7}), "paged")
	recs := adaptertest.Records("paged", 0, 1000, nil)
	for i := 0; i < len(recs); i += 100 {
		if err := l.Append(context.Background(), uint64(i), recs[i:i+100]); err != nil {
			t.Fatalf("Append at %d: %v", i, err)
		}
	}
	for _, from := range []uint64{0, 1, 7, 8, 500, 994, 1000, 1001} {
		got := adaptertest.ReadAll(t, l, from)
		want := recs[min(max(from, 1)-1, 1000):]
		if len(got) != len(want) {
			t.Fatalf("Read(%d) gave %d records, want %d", from, len(got), len(want))
		}
		for i := range got {
			if !got[i].Equal(want[i]) {
				t.Fatalf("Read(%d) record %d = %+v, want %+v", from, i, got[i], want[i])
			}
		}
	}
	n := 0
	for _, err := range l.Read(context.Background(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 10 {
			break
		}
	}
	if n != 10 {
		t.Fatalf("read %d records before break, want 10", n)
	}
}

// TestRoundTripExact stores records whose metadata, prev and payload hold
// every byte value, empty strings and many keys, and reads them back equal.
func TestRoundTripExact(t *testing.T) {
	_, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{}), "exact")
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	many := map[string]string{}
	for i := range 300 {
		many[fmt.Sprintf("k%03d", i)] = fmt.Sprint(i)
	}
	recs := []codec.Record{
		{Version: 1, ID: "a", Type: "T", Metadata: map[string]string{string(all): string(all), "": "", "ü": "\x00"}, Prev: all, Payload: all},
		{Version: 2, ID: "b", Type: "T", Time: -1, Metadata: many, Prev: []byte{}, Payload: []byte{}},
		{Version: 3, ID: "c", Type: "ünïcode ✓", Time: 1<<63 - 1},
	}
	if err := l.Append(context.Background(), 0, recs); err != nil {
		t.Fatal(err)
	}
	got := adaptertest.ReadAll(t, l, 1)
	for i := range recs {
		if !got[i].Equal(recs[i]) {
			t.Fatalf("record %d = %+v, want %+v", i, got[i], recs[i])
		}
	}
	h, err := l.Head(context.Background())
	if err != nil || !h.Last.Equal(recs[2]) {
		t.Fatalf("Head() = %+v, %v; want last %+v", h, err, recs[2])
	}
}

// TestConcurrentFirstUse opens one new schema from 8 adapters at once: the
// advisory lock makes table creation safe.
func TestConcurrentFirstUse(t *testing.T) {
	_, u := freshSchema(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			a, err := postgres.Open(context.Background(), u)
			if err == nil {
				err = a.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Open: %v", err)
	}
}

// TestEventIDConflict refuses a second record with a stored event ID.
func TestEventIDConflict(t *testing.T) {
	_, u := freshSchema(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, postgres.Options{}), "ids")
	recs := adaptertest.Records("ids", 0, 2, nil)
	if err := l.Append(context.Background(), 0, recs[:1]); err != nil {
		t.Fatal(err)
	}
	recs[1].ID = recs[0].ID
	err := l.Append(context.Background(), 1, recs[1:])
	if !errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("Append with a stored event ID = %v, want ErrConflict", err)
	}
	if h, _ := l.Head(context.Background()); h.Version != 1 {
		t.Fatalf("head after refused append = %d, want 1", h.Version)
	}
}
