package streamtest

import (
	"context"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// Run runs the suite, each subtest on a fresh place made by newPlace:
// StaleHeadAcceptsTrueHead, ForgetElsewhereIsHonoured, MissingKeysetIsNoKey,
// FailedAppendReturnsZero and, when the places offer
// [Place.BeforeAppend] (as the first one made tells), ForgetDuringAppend.
func Run(t *testing.T, newPlace func(t *testing.T) Place) {
	w, err := keyset.NewIdentity("streamtest-writer")
	if err != nil {
		t.Fatal(err)
	}
	hooked, made := false, false
	place := func(t *testing.T) suite {
		p := newPlace(t)
		p.check(t)
		if !made {
			hooked, made = p.BeforeAppend != nil, true
		}
		return suite{p, w}
	}
	cases := []struct {
		name string
		fn   func(t *testing.T, s suite)
	}{
		{"StaleHeadAcceptsTrueHead", staleHeadAcceptsTrueHead},
		{"ForgetElsewhereIsHonoured", forgetElsewhereIsHonoured},
		{"MissingKeysetIsNoKey", missingKeysetIsNoKey},
		{"FailedAppendReturnsZero", failedAppendReturnsZero},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, place(t)) })
	}
	if hooked {
		t.Run("ForgetDuringAppend", func(t *testing.T) { forgetDuringAppend(t, place(t)) })
	}
}

// suite is a place and the identity its stores write as: events sealed to
// recipients are signed by their writer.
type suite struct {
	Place
	writer *keyset.Identity
}

// store opens another store on the place, through open when it is not nil.
func (s suite) store(t *testing.T, open stream.Opener) *stream.Store {
	t.Helper()
	return s.Store(t, stream.Config{Opener: open, Writer: s.writer})
}

// counter opens another store on the place and a count of stream id's
// events on it, closed at the end of the test.
func (s suite) counter(t *testing.T, id string) *stream.Stream[int] {
	t.Helper()
	return openCount(t, s.store(t, nil), id)
}

func openCount(t *testing.T, st *stream.Store, id string) *stream.Stream[int] {
	t.Helper()
	h, err := stream.Open(context.Background(), st, id, fold.Count(), 0)
	if err != nil {
		t.Fatalf("stream.Open(%q): %v", id, err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// ev is an event of type T holding data.
func ev(data string) sealstream.Event { return sealstream.Event{Type: "T", Data: []byte(data)} }

// mustAppend appends one event holding data and fails t on an error.
func mustAppend(t *testing.T, h *stream.Stream[int], data string) uint64 {
	t.Helper()
	v, err := h.Append(context.Background(), []sealstream.Event{ev(data)})
	if err != nil {
		t.Fatalf("Append(%q): %v", data, err)
	}
	return v
}

// keyID returns the Tink key ID that sealed an "all"-mode payload.
func keyID(t *testing.T, payload []byte) string {
	t.Helper()
	if len(payload) < 7 || payload[2] != 1 {
		t.Fatal("payload is not a prefixed Tink ciphertext")
	}
	return string(payload[3:7])
}
