package s3_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/codec"
)

// TestRacingWritersExactlyOneWins lets 8 adapters (each with its own view
// of the head) append at the same version at once, 20 times: each time
// exactly one wins, the others get ErrConflict, and only the winner's
// record is stored.
func TestRacingWritersExactlyOneWins(t *testing.T) {
	u := freshURL(t)
	const writers, rounds = 8, 20
	logs := make([]adapter.Log, writers)
	for w := range logs {
		logs[w] = adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "race")
	}
	for round := range uint64(rounds) {
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for w, l := range logs {
			recs := adaptertest.Records("race", round, 1, nil)
			recs[0].ID = fmt.Sprintf("r%d-w%d", round, w)
			wg.Go(func() { errs[w] = l.Append(context.Background(), round, recs) })
		}
		wg.Wait()
		winner := -1
		for w, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("round %d: writers %d and %d both won", round, winner, w)
			case err == nil:
				winner = w
			case !errors.Is(err, sealstream.ErrConflict):
				t.Fatalf("round %d: writer %d: %v, want ErrConflict", round, w, err)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: no writer won", round)
		}
		got := adaptertest.ReadAll(t, logs[(winner+1)%writers], round+1)
		if want := fmt.Sprintf("r%d-w%d", round, winner); len(got) != 1 || got[0].ID != want {
			t.Fatalf("round %d: stored %+v, want only %s", round, got, want)
		}
	}
}

// TestStaleWriterCannotWritePastHead: a writer whose view of the head is
// behind gets ErrConflict at its old head and at any version past the
// true one, writes no object, and appends at the true head.
func TestStaleWriterCannotWritePastHead(t *testing.T) {
	u := freshURL(t)
	stale := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "stale")
	fresh := adaptertest.OpenLog(t, openAdapter(t, u, s3.Options{}), "stale")
	recs := adaptertest.Records("stale", 0, 10, nil)
	mustAppend(t, stale, 0, recs[:3])
	mustAppend(t, fresh, 3, recs[3:6])
	for _, expect := range []uint64{3, 2, 7, 100} {
		batch := adaptertest.Records("stale", expect, 1, nil)
		if err := stale.Append(context.Background(), expect, batch); !errors.Is(err, sealstream.ErrConflict) {
			t.Fatalf("stale Append at %d = %v, want ErrConflict", expect, err)
		}
	}
	key, _ := s3.StreamKey(prefixOf(t, u), "stale")
	if n := len(commitKeys(t, key)); n != 2 {
		t.Fatalf("%d commit objects after the refused appends, want 2", n)
	}
	mustAppend(t, stale, 6, recs[6:])
	if got := adaptertest.ReadAll(t, fresh, 1); len(got) != 10 {
		t.Fatalf("stream has %d records, want 10", len(got))
	}
}

func mustAppend(t testing.TB, l adapter.Log, expect uint64, recs []codec.Record) {
	t.Helper()
	if err := l.Append(context.Background(), expect, recs); err != nil {
		t.Fatalf("Append(%d, %d records): %v", expect, len(recs), err)
	}
}

// prefixOf returns the key prefix of a test URL.
func prefixOf(t *testing.T, u string) string {
	t.Helper()
	_, rest, _ := strings.Cut(strings.TrimPrefix(u, "s3://"), "/")
	p, _, _ := strings.Cut(rest, "?")
	return p
}

// commitKeys lists the commit objects under a stream's key prefix.
func commitKeys(t *testing.T, streamKey string) []string {
	t.Helper()
	return keysUnder(t, streamKey+"c/")
}
