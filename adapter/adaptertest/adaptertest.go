package adaptertest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// NewAdapter returns a fresh, empty adapter for one test. It should register
// its own cleanup with t.Cleanup; the suite closes the adapter as well.
type NewAdapter func(t *testing.T) adapter.Adapter

// Run runs the conformance suite against adapters made by newAdapter.
func Run(t *testing.T, newAdapter NewAdapter) {
	cases := []struct {
		name string
		fn   func(t *testing.T, a adapter.Adapter)
	}{
		{"empty log has head 0", testEmpty},
		{"append then read back", testAppendRead},
		{"append at wrong head conflicts and stores nothing", testConflict},
		{"read from any version", testReadFrom},
		{"read stops when the consumer breaks", testReadBreak},
		{"change signal fires after append", testChanged},
		{"handles of one stream share records", testShared},
		{"streams are isolated", testIsolated},
		{"concurrent appenders keep versions contiguous", testConcurrent},
		{"close makes later calls fail", testClose},
		{"canceled context is refused", testCanceled},
		{"Streams lists every stream once, by prefix, hostile IDs included", testStreams},
		{"Streams stops when the consumer breaks", testStreamsBreak},
		{"Streams yields the context's error, or ErrClosed after Close", testStreamsErrors},
		{"Erase removes the log; reopened it is empty; other streams untouched", testErase},
		{"Erase of a missing or already erased stream is nil", testEraseMissing},
		{"Erase closes the open logs of the stream", testEraseCloses},
		{"Erase waits for appends in flight: none lands after it", testEraseInFlight},
		{"Erase after Close fails with ErrClosed", testEraseAfterClose},
		{"Find gives each event ID's version (adapter.Finder logs)", testFind},
		{"Changes gives every batch in order, from any position (adapter.Feed)", testChanges},
		{"Changes holds every acknowledged batch of concurrent appenders once", testChangesConcurrent},
		{"FeedChanged fires after an append", testFeedChanged},
		{"Erase drops the stream's changes from the feed", testChangesErase},
		{"Changes stops at a break, a canceled context, a bad position and Close", testChangesStops},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newAdapter(t)
			t.Cleanup(func() { _ = a.Close() })
			c.fn(t, a)
		})
	}
}

// Records returns n well-formed records with versions from+1 … from+n, the
// first chained to prev. They are test data for adapters.
func Records(streamID string, from uint64, n int, prev []byte) []codec.Record {
	recs := make([]codec.Record, n)
	for i := range recs {
		v := from + uint64(i) + 1
		recs[i] = codec.Record{
			Version:  v,
			ID:       recordID(streamID, v),
			Type:     "Tested",
			Time:     time.Date(2026, 1, 2, 3, 4, 5, int(v), time.UTC).UnixNano(),
			Metadata: map[string]string{"n": fmt.Sprint(v), "kind": "test"},
			Prev:     prev,
			Payload:  []byte(fmt.Sprintf("sealed payload %d \x00\xff\n\"", v)),
		}
		prev = codec.Hash(streamID, &recs[i])
	}
	return recs
}

// recordID is "<stream>-e<v>", or for a stream ID too long for an event
// ID, "e<v>-" and a digest of the stream ID.
func recordID(streamID string, v uint64) string {
	id := fmt.Sprintf("%s-e%d", streamID, v)
	if len(id) > codec.MaxIDLen {
		sum := sha256.Sum256([]byte(streamID))
		id = fmt.Sprintf("e%d-%x", v, sum[:8])
	}
	return id
}

func appendOK(t *testing.T, l adapter.Log, expect uint64, recs []codec.Record) {
	t.Helper()
	if err := l.Append(context.Background(), expect, recs); err != nil {
		t.Fatalf("Append(%d, %d records) = %v", expect, len(recs), err)
	}
}

func sameRecords(t *testing.T, got, want []codec.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func isErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s error = %v, want %v", what, err, want)
	}
}
