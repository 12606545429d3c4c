package idindex_test

import (
	"context"
	"iter"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/sealstream/sealstream/internal/idindex"
)

// BenchmarkIndex indexes b.N entries with UUIDv7 event IDs, as the file
// adapter's background indexer does, and reports the cost per entry.
func BenchmarkIndex(b *testing.B) {
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
	}
	src := func(ctx context.Context, from uint64) iter.Seq2[idindex.Entry, error] {
		return func(yield func(idindex.Entry, error) bool) {
			for v := from; v <= uint64(len(ids)); v++ {
				if !yield(idindex.Entry{ID: ids[v-1], Version: v}, nil) {
					return
				}
			}
		}
	}
	valid := func(context.Context, idindex.Mark) (bool, error) { return true, nil }
	x := idindex.New(osFS{}, filepath.Join(b.TempDir(), "s.ids"), "s")
	b.ResetTimer()
	if _, _, err := x.Update(context.Background(), src, valid, uint64(b.N), 0, nil); err != nil {
		b.Fatal(err)
	}
}
