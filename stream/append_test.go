package stream_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// Seed test 2: the adapter only sees sealed payloads; versions increment.
func TestAppendBasic(t *testing.T) {
	sp := newSpy()
	st := newStore(t, stream.Config{Opener: sp.opener()})
	s := openCount(t, st, "u")
	secret := "ClaimFiled: broken window, policy 42"
	for want := uint64(1); want <= 3; want++ {
		if v := mustAppend(t, s, ev("ClaimFiled", secret)); v != want {
			t.Fatalf("Append #%d returned version %d", want, v)
		}
	}
	recs := sp.records(t, "u")
	if len(recs) != 3 {
		t.Fatalf("adapter holds %d records, want 3", len(recs))
	}
	for i, r := range recs {
		if bytes.Contains(r.Payload, []byte("broken window")) {
			t.Fatalf("record %d payload holds plaintext", i)
		}
		if r.Version != uint64(i+1) || r.Type != "ClaimFiled" || r.ID == "" {
			t.Fatalf("record %d = v%d %q %q", i, r.Version, r.Type, r.ID)
		}
	}
	got, err := s.Search(context.Background(), func(sealstream.Event) bool { return true })
	if err != nil || len(got) != 3 || string(got[2].Data) != secret {
		t.Fatalf("Search = %d events, %v", len(got), err)
	}
}

// Seed test 3: the same events appended twice land once.
func TestAppendIdempotent(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	at := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	batch := []sealstream.Event{
		{ID: "a", Type: "T", Data: []byte("1"), Metadata: map[string]string{"k": "v"}},
		{ID: "b", Type: "T", Data: []byte("2"), Time: at},
	}
	ctx := context.Background()
	v1, err := s.Append(ctx, batch)
	if err != nil || v1 != 2 {
		t.Fatalf("first Append = %d, %v", v1, err)
	}
	mustAppend(t, s, ev("Other", "x"))
	v2, err := s.Append(ctx, batch, stream.ExpectVersion(0))
	if err != nil || v2 != 2 {
		t.Fatalf("repeated Append = %d, %v; want 2, nil", v2, err)
	}
	if v, err := s.Append(ctx, batch[1:]); err != nil || v != 2 {
		t.Fatalf("repeated Append of a stored subset = %d, %v; want 2, nil", v, err)
	}
	if n, _ := s.State(ctx); n != 3 {
		t.Fatalf("State = %d after duplicates, want 3", n)
	}
	conflicts := map[string][]sealstream.Event{
		"same ID, other data":     {{ID: "a", Type: "T", Data: []byte("changed"), Metadata: map[string]string{"k": "v"}}},
		"same ID, other metadata": {{ID: "a", Type: "T", Data: []byte("1")}},
		"same ID, other type":     {{ID: "a", Type: "U", Data: []byte("1"), Metadata: map[string]string{"k": "v"}}},
		"same ID, other time":     {{ID: "b", Type: "T", Data: []byte("2"), Time: at.Add(time.Second)}},
		"stored mixed with new":   {batch[0], {ID: "c", Type: "T"}},
		"ID repeated in the call": {{ID: "d", Type: "T"}, {ID: "d", Type: "T"}},
	}
	for name, events := range conflicts {
		_, err := s.Append(ctx, events)
		if !errors.Is(err, sealstream.ErrIDConflict) || !errors.Is(err, sealstream.ErrConflict) {
			t.Errorf("%s: Append = %v, want ErrIDConflict", name, err)
		}
	}
	if n, _ := s.State(ctx); n != 3 {
		t.Fatalf("State = %d after conflicts, want 3", n)
	}
}

// Seed test 4: a wrong expected version fails and leaves the stream unchanged.
func TestAppendExpectVersion(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	ctx := context.Background()
	if v, err := s.Append(ctx, []sealstream.Event{ev("T", "a")}, stream.ExpectVersion(0)); err != nil || v != 1 {
		t.Fatalf("Append at 0 = %d, %v", v, err)
	}
	for _, expect := range []uint64{0, 2, 7} {
		_, err := s.Append(ctx, []sealstream.Event{ev("T", "b")}, stream.ExpectVersion(expect))
		if !errors.Is(err, sealstream.ErrConflict) {
			t.Fatalf("Append at %d = %v, want ErrConflict", expect, err)
		}
		if !strings.Contains(err.Error(), `"u"`) {
			t.Errorf("error %q does not name the stream", err)
		}
	}
	if v, err := s.Append(ctx, []sealstream.Event{ev("T", "c")}, stream.ExpectVersion(1)); err != nil || v != 2 {
		t.Fatalf("Append at 1 = %d, %v", v, err)
	}
	if v, err := s.Append(ctx, nil, stream.ExpectVersion(2)); err != nil || v != 2 {
		t.Fatalf("empty Append at 2 = %d, %v; want 2, nil", v, err)
	}
}

// Bad input gets a named error, names the stream, never the payload, and
// leaves the stream unchanged.
func TestAppendBadInput(t *testing.T) {
	const sentinel = "SENTINEL-PLAINTEXT-7f3a"
	st := newStore(t, stream.Config{MaxEventSize: 64})
	s := openCount(t, st, "user-9")
	mustAppend(t, s, ev("T", "ok"))
	big := strings.Repeat(sentinel, 10)
	cases := []struct {
		name   string
		events []sealstream.Event
		want   error
	}{
		{"empty type", []sealstream.Event{{Data: []byte(sentinel)}}, sealstream.ErrInvalidEvent},
		{"data over the limit", []sealstream.Event{{Type: "T", Data: []byte(big)}}, sealstream.ErrTooLarge},
		{"ID with a control character", []sealstream.Event{{ID: "a\nb", Type: "T", Data: []byte(sentinel)}}, sealstream.ErrInvalidEvent},
		{"overlong ID", []sealstream.Event{{ID: strings.Repeat("i", 129), Type: "T"}}, sealstream.ErrInvalidEvent},
		{"type not UTF-8", []sealstream.Event{{Type: "\xff"}}, sealstream.ErrInvalidEvent},
		{"empty metadata key", []sealstream.Event{{Type: "T", Metadata: map[string]string{"": "v"}}}, sealstream.ErrInvalidEvent},
		{"bad event after a good one", []sealstream.Event{ev("T", "fine"), {Type: ""}}, sealstream.ErrInvalidEvent},
		{"time out of range", []sealstream.Event{{Type: "T", Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}}, sealstream.ErrInvalidEvent},
	}
	for _, c := range cases {
		_, err := s.Append(context.Background(), c.events)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: Append = %v, want %v", c.name, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), sentinel) || !strings.Contains(err.Error(), "user-9") {
			t.Errorf("%s: error %q leaks the payload or misses the stream ID", c.name, err)
		}
	}
	if n, err := s.State(context.Background()); n != 1 || err != nil {
		t.Fatalf("State = %d, %v after bad input; want 1", n, err)
	}
}

func TestAppendCanceledContext(t *testing.T) {
	s := openCount(t, newStore(t, stream.Config{}), "u")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Append(ctx, []sealstream.Event{ev("T", "x")}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Append with canceled ctx = %v", err)
	}
	if n, _ := s.State(context.Background()); n != 0 {
		t.Fatalf("State = %d, want 0", n)
	}
}
