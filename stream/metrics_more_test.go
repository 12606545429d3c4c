package stream_test

import (
	"context"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

func TestMetricsFirstTimeAndAverageSize(t *testing.T) {
	ctx := context.Background()
	s := openCount(t, newStore(t, stream.Config{}), "u")
	if m, err := s.Metrics(ctx); err != nil || !m.FirstTimestamp.IsZero() || m.AverageSize != 0 {
		t.Fatalf("Metrics of an empty stream = %+v, %v", m, err)
	}
	first := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	mustAppend(t, s, sealstream.Event{Type: "T", Time: first, Data: []byte("x")}, ev("T", "y"))
	m, err := s.Metrics(ctx)
	if err != nil || !m.FirstTimestamp.Equal(first) || m.AverageSize <= 0 || m.AverageSize*2 > m.Bytes+1 {
		t.Fatalf("Metrics = %+v, %v; want first time %v and Bytes/2 per event", m, err, first)
	}
}
