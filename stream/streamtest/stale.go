package streamtest

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// A store whose cached head is stale (another store on the place
// appended) accepts an expectation that holds against the log, and still
// refuses one that does not.
func staleHeadAcceptsTrueHead(t *testing.T, s suite) {
	ctx := context.Background()
	a := s.counter(t, "u")
	b := s.counter(t, "u")
	mustAppend(t, a, "1")
	mustAppend(t, b, "2")
	m, err := a.Metrics(ctx)
	if err != nil || m.Version != 2 {
		t.Fatalf("Metrics = %+v, %v; want version 2", m, err)
	}
	v, err := a.Append(ctx, []sealstream.Event{ev("3")}, stream.ExpectVersion(m.Version))
	if err != nil || v != 3 {
		t.Fatalf("Append(ExpectVersion(2)) on a stale handle = %d, %v; want 3, nil", v, err)
	}
	v, err = b.Append(ctx, []sealstream.Event{ev("4")}, stream.ExpectVersion(2))
	if !errors.Is(err, sealstream.ErrConflict) || v != 0 {
		t.Fatalf("Append(ExpectVersion(2)) at version 3 = %d, %v; want 0, ErrConflict", v, err)
	}
	if _, err := b.Append(ctx, nil, stream.ExpectVersion(3)); err != nil {
		t.Fatalf("empty Append(ExpectVersion(3)) = %v", err)
	}
}
