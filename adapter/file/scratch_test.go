package file_test

import (
	"context"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// ReadScratch yields the records Read yields, with their bytes in the
// memory it was lent.
func TestReadScratch(t *testing.T) {
	l := openLog(t, openAdapter(t, t.TempDir(), quiet()), "s")
	appendN(t, l, 1, 2500, "e")
	want := readAll(t, l)
	lent, calls := 0, 0
	alloc := func(n int) []byte {
		calls, lent = calls+1, lent+n
		return make([]byte, n)
	}
	var got []codec.Record
	for r, err := range l.(adapter.ScratchReader).ReadScratch(context.Background(), 1, alloc) {
		mustf(t, err, "read")
		got = append(got, r)
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	bytes := 0
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Fatalf("record %d = %+v, want %+v", i+1, got[i], want[i])
		}
		bytes += len(got[i].Prev) + len(got[i].Payload)
	}
	if calls != len(want) || lent < bytes {
		t.Fatalf("%d calls lent %d bytes for %d records of %d bytes", calls, lent, len(want), bytes)
	}
}
