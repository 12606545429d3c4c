package mem_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// A stream holding one record costs memory in proportion to that record,
// not to a chunk reserved ahead: well under 4 KiB.
func TestOneRecordStreamIsSmall(t *testing.T) {
	ctx := context.Background()
	a := mem.New()
	defer a.Close()
	const n = 1000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		id := fmt.Sprint("s", i)
		l, err := a.Open(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Append(ctx, 0, adaptertest.Records(id, 0, 1, nil)); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 4<<10 {
		t.Fatalf("%d bytes allocated per one-record stream, want at most 4 KiB", per)
	}
}
