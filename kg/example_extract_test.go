package kg_test

import (
	"fmt"
	"slices"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/kg"
)

func ExampleParseRules() {
	_, err := kg.ParseRules("ClaimFiled: person -filed-> claim($.claim) -on policy($.policy)")
	fmt.Println(err)
	// Output: kg: rule "ClaimFiled" (line 1, column 54): expected "->" to end the edge "-on policy" that starts at column 44
}

func ExampleRules_Extract() {
	rules, _ := kg.ParseRules(exampleRules)
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values([]sealstream.Event{
		{Version: 1, Type: "ClaimFiled", Data: []byte(`{"claim":"c-9"}`)},
		{Version: 2, Type: "ClaimFiled", Data: []byte(`not json`)},
	}))
	fmt.Println(g.FactCount(), g.Skipped())
	// Output: 0 map[rule ClaimFiled (line 3): $.policy is missing:1 rule ClaimFiled (line 3): payload is not JSON:1]
}

func ExampleExtractor() {
	// A Go extractor: a bought policy is a fact, an ended one is retracted
	// with every fact about it.
	x := func(e sealstream.Event) []kg.Triple {
		policy := kg.Ref{Kind: "policy", ID: string(e.Data)}
		switch e.Type {
		case "PolicyBought":
			return []kg.Triple{{Subject: kg.Ref{Kind: "person"}, Predicate: "holds", Object: policy}}
		case "PolicyEnded":
			return []kg.Triple{{Op: kg.RetractNode, Subject: policy}}
		}
		return nil
	}
	g := fold.Replay(kg.Fold(x), kg.New(), slices.Values([]sealstream.Event{
		{Version: 1, Type: "PolicyBought", Data: []byte("home-42")},
		{Version: 2, Type: "PolicyBought", Data: []byte("car-7")},
		{Version: 3, Type: "PolicyEnded", Data: []byte("car-7")},
	}))
	fmt.Println(g.Facts(), g.AsOf(2).FactCount())
	// Output: [person -holds-> policy:home-42] 2
}
