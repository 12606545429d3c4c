package s3_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
)

// commitFaults answers the commit PUTs by their number, from 1, with
// what plan gives, and records when each was sent.
func commitFaults(rec *recorder, plan func(n int) action) *[]time.Time {
	var times []time.Time
	rec.setFault(func(req *http.Request) action {
		if !isCommitPut(req) {
			return action{}
		}
		times = append(times, time.Now())
		return plan(len(times))
	})
	return &times
}

// TestRetriesWithBackoff answers the first three attempts of a commit
// PUT with 409 ConditionalRequestConflict, or 503 SlowDown, or 500
// InternalError: the append succeeds on the fourth, after waits that grow
// as the backoff says (at least half of 20ms, 40ms, 80ms), and its batch
// is stored once.
func TestRetriesWithBackoff(t *testing.T) {
	const base = 20 * time.Millisecond
	for _, c := range []action{{409, "ConditionalRequestConflict", false}, {503, "SlowDown", false}, {500, "InternalError", false}} {
		t.Run(c.code, func(t *testing.T) {
			rec, hc := newRecorder(t)
			l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, RetryBase: base}), "r")
			recs := adaptertest.Records("r", 0, 3, nil)
			if err := l.Append(context.Background(), 0, recs[:1]); err != nil {
				t.Fatal(err)
			}
			times := commitFaults(rec, func(n int) action {
				if n <= 3 {
					return c
				}
				return action{}
			})
			if err := l.Append(context.Background(), 1, recs[1:]); err != nil {
				t.Fatalf("Append through three %s answers: %v", c.code, err)
			}
			if len(*times) != 4 {
				t.Fatalf("commit PUT sent %d times, want 4", len(*times))
			}
			for k := 1; k < 4; k++ {
				if gap, least := (*times)[k].Sub((*times)[k-1]), base<<(k-1)/2; gap < least {
					t.Errorf("retry %d after %v, want at least %v", k, gap, least)
				}
			}
			if got := adaptertest.ReadAll(t, l, 1); len(got) != 3 {
				t.Fatalf("stream has %d records, want 3", len(got))
			}
		})
	}
}

// TestLostAnswerIsNotAConflict sends a commit PUT and loses its answer:
// the retry finds the number taken, reads the commit back, finds its own
// batch and reports success, not a conflict.
func TestLostAnswerIsNotAConflict(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc}), "lost")
	commitFaults(rec, func(n int) action { return action{lose: n == 1} })
	recs := adaptertest.Records("lost", 0, 4, nil)
	if err := l.Append(context.Background(), 0, recs); err != nil {
		t.Fatalf("Append whose first answer was lost: %v", err)
	}
	if got := adaptertest.ReadAll(t, l, 1); len(got) != 4 {
		t.Fatalf("stream has %d records, want 4", len(got))
	}
}

// TestUnknownOutcomeLanded loses the answer of a commit PUT that landed,
// then fails every retry: the fence finds the number taken by this very
// batch, and Append succeeds.
func TestUnknownOutcomeLanded(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, MaxAttempts: 3}), "landed")
	commitFaults(rec, func(n int) action {
		switch {
		case n == 1:
			return action{lose: true}
		case n <= 3:
			return action{status: 503, code: "SlowDown"}
		}
		return action{} // the fence
	})
	if err := l.Append(context.Background(), 0, adaptertest.Records("landed", 0, 2, nil)); err != nil {
		t.Fatalf("Append that landed before its retries failed: %v", err)
	}
	if h := adaptertest.HeadOf(t, l); h.Version != 2 {
		t.Fatalf("head %d, want 2", h.Version)
	}
}

// TestUnknownOutcomeIsFenced fails every attempt of a commit PUT: the
// adapter fences the number with a void commit (put-if-absent, so the
// batch can never land there later), and Append fails (not with
// ErrConflict). The next append at
// the same version lands after the void commit, and a fresh adapter sees
// the right head and last record while the void commit is the newest.
func TestUnknownOutcomeIsFenced(t *testing.T) {
	u := freshURL(t)
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{HTTPClient: hc, MaxAttempts: 2}), "fenced")
	recs := adaptertest.Records("fenced", 0, 4, nil)
	if err := l.Append(context.Background(), 0, recs[:2]); err != nil {
		t.Fatal(err)
	}
	commitFaults(rec, func(n int) action {
		if n <= 2 {
			return action{status: 503, code: "SlowDown"}
		}
		return action{}
	})
	err := l.Append(context.Background(), 2, recs[2:])
	if err == nil || errors.Is(err, sealstream.ErrConflict) {
		t.Fatalf("Append whose every attempt failed = %v, want a failure other than a conflict", err)
	}
	key, _ := s3.StreamKey(prefixOf(t, u), "fenced")
	if n := len(commitKeys(t, key)); n != 2 {
		t.Fatalf("%d commit objects after the failed append, want 2: the batch and the fence", n)
	}
	fresh := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "fenced")
	if h := adaptertest.HeadOf(t, fresh); h.Version != 2 || !h.Last.Equal(recs[1]) {
		t.Fatalf("fresh head after the fence = %d %+v, want 2 and the second record", h.Version, h.Last)
	}
	rec.setFault(nil)
	if err := l.Append(context.Background(), 2, recs[2:]); err != nil {
		t.Fatalf("Append after the fence: %v", err)
	}
	for _, h := range []adapter.Log{l, fresh} {
		if got := adaptertest.ReadAll(t, h, 1); len(got) != 4 || !got[3].Equal(recs[3]) {
			t.Fatalf("stream has %d records after the fence, want 4", len(got))
		}
		if got := adaptertest.ReadAll(t, h, 3); len(got) != 2 || got[0].Version != 3 {
			t.Fatalf("Read(3) after the fence yielded %d records", len(got))
		}
	}
}

// TestRetriesExhausted fails every commit PUT, the fence's too: Append
// returns an error that says the outcome is unknown, and nothing lands.
func TestRetriesExhausted(t *testing.T) {
	rec, hc := newRecorder(t)
	l := adaptertest.OpenLog(t, openAdapter(t, freshURL(t), s3.Options{HTTPClient: hc, MaxAttempts: 2,
		SettleTimeout: 2 * time.Second}), "down")
	commitFaults(rec, func(int) action { return action{status: 503, code: "SlowDown"} })
	err := l.Append(context.Background(), 0, adaptertest.Records("down", 0, 1, nil))
	if err == nil || errors.Is(err, sealstream.ErrConflict) || !strings.Contains(err.Error(), "unknown") {
		t.Fatalf("Append against a throttling server = %v, want an unknown-outcome error", err)
	}
	rec.setFault(nil)
	if h := adaptertest.HeadOf(t, l); h.Version != 0 {
		t.Fatalf("head %d after the failed append, want 0", h.Version)
	}
}
