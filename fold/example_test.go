package fold_test

import (
	"fmt"
	"slices"

	"github.com/samber/mo"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
)

func ExampleByType() {
	open := fold.ByType(map[string]fold.Fold[int]{
		"ClaimFiled":  func(n int, _ sealstream.Event) int { return n + 1 },
		"ClaimClosed": func(n int, _ sealstream.Event) int { return n - 1 },
	})
	es := []sealstream.Event{{Type: "ClaimFiled"}, {Type: "ClaimFiled"}, {Type: "ClaimClosed"}, {Type: "Moved"}}
	fmt.Println(fold.Replay(open, 0, slices.Values(es)))
	// Output: 1
}

func ExampleProduct() {
	f := fold.Product(fold.Count(), fold.Filter(fold.Count(), func(e sealstream.Event) bool { return e.Type == "Paid" }))
	es := []sealstream.Event{{Type: "Paid"}, {Type: "Billed"}, {Type: "Paid"}}
	p := fold.Replay(f, fold.Pair[int, int]{}, slices.Values(es))
	fmt.Println(p.First, p.Second)
	// Output: 3 2
}

func ExampleJSON() {
	type payment struct{ Cents int }
	total := fold.JSON(func(sum int, p payment, _ sealstream.Event) int { return sum + p.Cents })
	es := []sealstream.Event{{Data: []byte(`{"Cents":1250}`)}, {Data: []byte(`{"Cents":99}`)}}
	sum, err := fold.Replay(total, mo.Ok(0), slices.Values(es)).Get()
	fmt.Println(sum, err)
	// Output: 1349 <nil>
}

func ExampleCount() {
	es := []sealstream.Event{{Type: "A"}, {Type: "B"}}
	fmt.Println(fold.Replay(fold.Count(), 0, slices.Values(es)))
	// Output: 2
}
