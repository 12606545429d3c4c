package feedline_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/sealstream/sealstream/adapter/file/internal/feedline"
)

// FuzzScan: whatever a feed file holds, Scan ends, yields only changes
// that re-encode to the very bytes they came from, and never reports a
// position beyond the data.
func FuzzScan(f *testing.F) {
	var seed []byte
	for i, id := range ids {
		seed = feedline.Append(seed, feedline.Entry{ID: id, From: uint64(i + 1), To: uint64(i + 2)})
	}
	f.Add(seed)
	f.Add(append(seed[:len(seed)/2], seed...))
	f.Fuzz(func(t *testing.T, b []byte) {
		end, err := feedline.Scan(context.Background(), bytes.NewReader(b), 0, int64(len(b)),
			func(e feedline.Entry, k feedline.Kind, next int64) bool {
				if next > int64(len(b)) || b[next-1] != '\n' {
					t.Fatalf("position %d is not just past a newline of %d bytes", next, len(b))
				}
				if k == feedline.Change {
					line := feedline.Append(nil, e)
					if !bytes.HasSuffix(b[:next], line[1:]) {
						t.Fatalf("change %+v does not re-encode to its line", e)
					}
				}
				return true
			})
		if err != nil || end > int64(len(b)) {
			t.Fatalf("Scan = %d, %v", end, err)
		}
	})
}
