package stream_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// Seed test 8: Search applies the predicate to decrypted events.
func TestSearch(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	mustAppend(t, s,
		sealstream.Event{Type: "Sub", Data: []byte("subscription: gym"), Metadata: map[string]string{"cat": "health"}},
		sealstream.Event{Type: "Claim", Data: []byte("claim: window")},
		sealstream.Event{Type: "Sub", Data: []byte("subscription: news"), Metadata: map[string]string{"cat": "media"}},
	)
	ctx := context.Background()
	isSub := func(e sealstream.Event) bool { return strings.HasPrefix(string(e.Data), "subscription") }
	found, err := s.Search(ctx, isSub)
	if err != nil || len(found) != 2 || found[0].Version != 1 || found[1].Version != 3 {
		t.Fatalf("Search = %v, %v", found, err)
	}
	found, err = s.Search(ctx, isSub, stream.Where(nil, map[string]string{"cat": "media"}))
	if err != nil || len(found) != 1 || string(found[0].Data) != "subscription: news" {
		t.Fatalf("Search with metadata filter = %v, %v", found, err)
	}
	found, err = s.Search(ctx, isSub, stream.From(2))
	if err != nil || len(found) != 1 || found[0].Version != 3 {
		t.Fatalf("Search from 2 = %v, %v", found, err)
	}
}

// Seed test 9: Metrics report the version, count and last time, and follow appends.
func TestMetrics(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	ctx := context.Background()
	m, err := s.Metrics(ctx)
	if err != nil || m.Version != 0 || m.Count != 0 || !m.LastTimestamp.IsZero() || m.HeadHash != nil {
		t.Fatalf("empty Metrics = %+v, %v", m, err)
	}
	at := time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC)
	mustAppend(t, s, ev("T", "a"), sealstream.Event{Type: "T", Time: at})
	m, err = s.Metrics(ctx)
	if err != nil || m.Version != 2 || m.Count != 2 || !m.LastTimestamp.Equal(at) || len(m.HeadHash) != 32 || m.Bytes <= 0 {
		t.Fatalf("Metrics = %+v, %v", m, err)
	}
	before := m.HeadHash
	mustAppend(t, s, ev("T", "b"))
	if m, _ = s.Metrics(ctx); m.Version != 3 || string(m.HeadHash) == string(before) {
		t.Fatalf("Metrics after append = %+v", m)
	}
}

func TestReadReturnsEvents(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("x", 3600))
	in := sealstream.Event{ID: "e1", Type: "Moved", Data: []byte("to Lyon"), Time: at, Metadata: map[string]string{"city": "Lyon"}}
	mustAppend(t, s, in)
	var got []sealstream.Event
	for e, err := range s.Read(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	e := got[0]
	if len(got) != 1 || e.ID != "e1" || e.Type != "Moved" || string(e.Data) != "to Lyon" ||
		!e.Time.Equal(at) || e.Time.Location() != time.UTC || e.Metadata["city"] != "Lyon" || e.Version != 1 {
		t.Fatalf("Read = %+v", got)
	}
	e.Metadata["city"] = "changed"
	e.Data[0] = 'X'
	again, _ := s.Search(context.Background(), func(sealstream.Event) bool { return true })
	if again[0].Metadata["city"] != "Lyon" || string(again[0].Data) != "to Lyon" {
		t.Fatal("changing a read event changed the stream")
	}
}

func TestReadStopsEarlyAndOnError(t *testing.T) {
	st := newStore(t, stream.Config{})
	s := openCount(t, st, "u")
	mustAppend(t, s, ev("T", "a"), ev("T", "b"), ev("T", "c"))
	n := 0
	for _, err := range s.Read(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range s.Read(ctx) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Fatalf("Read with canceled ctx yielded %v", errs)
	}
	_ = s.Close()
	errs = nil
	for _, err := range s.Read(context.Background()) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], sealstream.ErrClosed) {
		t.Fatalf("Read after Close yielded %v", errs)
	}
}
