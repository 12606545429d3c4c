package mem_test

import (
	"context"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// Records appended one by one across the growing first chunks and the
// full ones read back exactly from any version.
func TestChunksReadBack(t *testing.T) {
	ctx := context.Background()
	a := mem.New()
	defer a.Close()
	l := adaptertest.OpenLog(t, a, "s")
	recs := adaptertest.Records("s", 0, 9000, nil)
	for i := range recs {
		if err := l.Append(ctx, uint64(i), recs[i:i+1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, from := range []uint64{1, 4, 5, 8, 9, 16, 17, 2048, 2049, 4096, 4097, 8192, 8193, 9000} {
		got := adaptertest.ReadAll(t, l, from)
		if len(got) != 9001-int(from) {
			t.Fatalf("Read(%d) gave %d records, want %d", from, len(got), 9001-int(from))
		}
		for i, r := range got {
			if !r.Equal(recs[int(from)-1+i]) {
				t.Fatalf("Read(%d): record %d is version %d, want %d", from, i, r.Version, from+uint64(i))
			}
		}
	}
}

// The chunks tile the records: each chunk starts where the last ended,
// every record of it maps to it, up to versions no log reaches.
func TestChunkLayout(t *testing.T) {
	start := uint64(0)
	for k := 0; start < 1<<45; k++ {
		n := uint64(mem.SizeOf(k))
		if n == 0 || n > 4096 {
			t.Fatalf("chunk %d has size %d", k, n)
		}
		for _, i := range []uint64{start, start + n/2, start + n - 1} {
			if c, j := mem.Locate(i); c != k || j != i-start {
				t.Fatalf("record %d: chunk %d index %d, want chunk %d index %d", i, c, j, k, i-start)
			}
		}
		if k > 20 { // past the growing chunks, jump ahead
			skip := (start >> 20) << 12 // whole chunks
			k += int(skip / 4096)
			start += skip
		}
		start += n
	}
}
