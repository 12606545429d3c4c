package mem_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return mem.New() })
}

// Records past one chunk read back in order from any version.
func TestManyChunks(t *testing.T) {
	a := mem.New()
	defer a.Close()
	l, _ := a.Open(context.Background(), "s")
	const n = 10000
	recs := adaptertest.Records("s", 0, n, nil)
	for i := 0; i < n; i += 1000 {
		if err := l.Append(context.Background(), uint64(i), recs[i:i+1000]); err != nil {
			t.Fatal(err)
		}
	}
	for _, from := range []uint64{1, 4096, 4097, 8193, n} {
		v := from
		for r, err := range l.Read(context.Background(), from) {
			if err != nil || !r.Equal(recs[v-1]) {
				t.Fatalf("Read(%d) at %d = %v, %v", from, v, r.Version, err)
			}
			v++
		}
		if v != n+1 {
			t.Fatalf("Read(%d) stopped at %d", from, v)
		}
	}
}

func ExampleNew() {
	a := mem.New()
	defer a.Close()
	l, _ := a.Open(context.Background(), "user-1")
	_ = l.Append(context.Background(), 0, adaptertest.Records("user-1", 0, 2, nil))
	h, _ := l.Head(context.Background())
	fmt.Println(h.Version)
	// Output: 2
}
