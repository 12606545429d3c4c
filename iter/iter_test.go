package iter_test

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"

	ssiter "github.com/sealstream/sealstream/iter"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errBoom = errors.New("boom")

// seq yields 1..n then err (if any); pulled counts how far a consumer pulled.
func seq(n int, err error, pulled *int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := 1; i <= n; i++ {
			*pulled = i
			if !yield(i, nil) {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

func TestCollectAndLast(t *testing.T) {
	var p int
	if got, err := ssiter.Collect(seq(3, nil, &p)); err != nil || !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("Collect = %v, %v", got, err)
	}
	if got, err := ssiter.Collect(seq(2, errBoom, &p)); !errors.Is(err, errBoom) || !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("Collect with error = %v, %v", got, err)
	}
	if v, ok, err := ssiter.Last(seq(3, nil, &p)); v != 3 || !ok || err != nil {
		t.Fatalf("Last = %d %v %v", v, ok, err)
	}
	if v, ok, err := ssiter.Last(seq(0, nil, &p)); v != 0 || ok || err != nil {
		t.Fatalf("Last of empty = %d %v %v", v, ok, err)
	}
	if v, ok, err := ssiter.Last(seq(1, errBoom, &p)); v != 1 || !ok || !errors.Is(err, errBoom) {
		t.Fatalf("Last with error = %d %v %v", v, ok, err)
	}
}

func TestTakeStopsPulling(t *testing.T) {
	var pulled int
	got, err := ssiter.Collect(ssiter.Take(seq(100, nil, &pulled), 3))
	if err != nil || !slices.Equal(got, []int{1, 2, 3}) || pulled != 3 {
		t.Fatalf("Take(3) = %v, %v, pulled %d", got, err, pulled)
	}
	if got, _ := ssiter.Collect(ssiter.Take(seq(5, nil, &pulled), 0)); len(got) != 0 {
		t.Fatalf("Take(0) = %v", got)
	}
	if _, err := ssiter.Collect(ssiter.Take(seq(1, errBoom, &pulled), 5)); !errors.Is(err, errBoom) {
		t.Fatalf("Take passes errors: %v", err)
	}
	for range ssiter.Take(seq(10, nil, &pulled), 5) {
		break
	}
	if pulled != 1 {
		t.Fatalf("break after one pulled %d", pulled)
	}
}

func TestValues(t *testing.T) {
	var p int
	var err error
	got := slices.Collect(ssiter.Values(seq(2, errBoom, &p), &err))
	if !slices.Equal(got, []int{1, 2}) || !errors.Is(err, errBoom) {
		t.Fatalf("Values = %v, err %v", got, err)
	}
	err = nil
	for range ssiter.Values(seq(9, nil, &p), &err) {
		break
	}
	if p != 1 || err != nil {
		t.Fatalf("break after one pulled %d, err %v", p, err)
	}
}

func ExampleCollect() {
	seq := func(yield func(string, error) bool) {
		_ = yield("a", nil) && yield("b", nil)
	}
	got, err := ssiter.Collect(seq)
	fmt.Println(got, err)
	// Output: [a b] <nil>
}

func ExampleTake() {
	naturals := func(yield func(int, error) bool) {
		for i := 1; yield(i, nil); i++ {
		}
	}
	got, _ := ssiter.Collect(ssiter.Take(naturals, 3))
	fmt.Println(got)
	// Output: [1 2 3]
}
