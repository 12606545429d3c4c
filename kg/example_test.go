package kg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/kg"
)

// exampleEvents is a short life: a policy, a claim on it, a move.
func exampleEvents() []sealstream.Event {
	return []sealstream.Event{
		{Version: 1, Type: "PolicyBought", Data: []byte(`{"policy":"home-42","insurer":"acme"}`)},
		{Version: 2, Type: "ClaimFiled", Data: []byte(`{"claim":"c-1","policy":"home-42"}`)},
		{Version: 3, Type: "Moved", Data: []byte(`{"from":"old street","to":"new street"}`)},
	}
}

const exampleRules = `
PolicyBought: person -holds-> policy($.policy) -issued by-> provider($.insurer)
ClaimFiled:   person -filed-> claim($.claim) -on-> policy($.policy)
Moved:        person -lives at-> address($.to)
Moved:        retract person -lives at-> address($.from)
`

func ExampleBuild() {
	rules, err := kg.ParseRules(exampleRules)
	if err != nil {
		log.Fatal(err)
	}
	events := func(yield func(sealstream.Event, error) bool) { // e.g. s.Read(ctx)
		for _, e := range exampleEvents() {
			if !yield(e, nil) {
				return
			}
		}
	}
	g, err := kg.Build(events, rules.Extract)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range g.Facts() {
		fmt.Printf("v%d %v\n", e.Version, e)
	}
	// Output:
	// v1 person -holds-> policy:home-42
	// v1 policy:home-42 -issued by-> provider:acme
	// v2 person -filed-> claim:c-1
	// v2 claim:c-1 -on-> policy:home-42
	// v3 person -lives at-> address:new street
}

func ExampleFold() {
	rules, _ := kg.ParseRules(exampleRules)
	f := fold.Product(kg.Fold(rules.Extract), fold.Count()) // or stream.Open(ctx, store, id, kg.Fold(...), kg.New())
	p := fold.Replay(f, fold.Pair[*kg.Graph, int]{First: kg.New()}, slices.Values(exampleEvents()))
	fmt.Println(p.Second, "events,", p.First.NodeCount(), "nodes,", p.First.FactCount(), "facts")
	// Output: 3 events, 5 nodes, 5 facts
}

func ExampleGraph_AsOf() {
	rules, _ := kg.ParseRules(exampleRules)
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	fmt.Println(g.AsOf(1).Refs())
	fmt.Println(g.Neighbours(kg.Ref{Kind: "person"}))
	// Output:
	// [person policy:home-42 provider:acme]
	// [policy:home-42 claim:c-1 address:new street]
}

func ExampleGraph_Path() {
	rules, _ := kg.ParseRules(exampleRules)
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	fmt.Println(g.Path(kg.Ref{Kind: "claim", ID: "c-1"}, kg.Ref{Kind: "address", ID: "new street"}))
	fmt.Println(len(g.Components()))
	// Output:
	// [claim:c-1 person address:new street]
	// 1
}

func ExampleGraph_PageRank() {
	rules, _ := kg.ParseRules(exampleRules)
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	pr := g.PageRank()
	fmt.Println(pr[kg.Ref{Kind: "provider", ID: "acme"}] > pr[kg.Ref{Kind: "person"}])
	// Output: true
}

func ExampleGraph_MarshalDOT() {
	rules, _ := kg.ParseRules("Moved: person -lives at-> address($.to)")
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	dot, _ := g.MarshalDOT("home")
	fmt.Println(string(dot))
	// Output:
	// digraph home {
	//   graph [
	//     rankdir=LR
	//     bgcolor=white
	//     pad=0.3
	//     nodesep=0.35
	//     ranksep=0.7
	//   ];
	//   node [
	//     shape=box
	//     style="rounded,filled"
	//     fontname=Helvetica
	//     fontsize=12
	//     color="#555555"
	//   ];
	//   edge [
	//     fontname=Helvetica
	//     fontsize=10
	//     color="#666666"
	//     fontcolor="#333333"
	//   ];
	//
	//   // Node definitions.
	//   person [
	//     label=person
	//     fillcolor="#a6cee3"
	//   ];
	//   "address:new street" [
	//     label="address\nnew street"
	//     fillcolor="#b2df8a"
	//   ];
	//
	//   // Edge definitions.
	//   person -> "address:new street" [label="lives at"];
	// }
}

func ExampleGraph_MarshalJSON() {
	rules, _ := kg.ParseRules("Moved: person -lives at-> address($.to)")
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	b, _ := json.Marshal(g)
	fmt.Println(string(b))
	// Output: {"directed":true,"multigraph":true,"graph":{},"nodes":[{"id":"person","kind":"person"},{"id":"address:new street","kind":"address","name":"new street"}],"links":[{"source":"person","target":"address:new street","key":0,"predicate":"lives at","version":3}]}
}

func ExampleGraph_AsOfTime() {
	rules, _ := kg.ParseRules(exampleRules)
	es := exampleEvents()
	for i := range es {
		es[i].Time = time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
	}
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(es))
	fmt.Println(g.AsOfTime(time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)).Out(kg.Ref{Kind: "person"}))
	// Output: [person -holds-> policy:home-42 person -filed-> claim:c-1]
}

func ExampleGraph_Render() {
	rules, _ := kg.ParseRules(exampleRules)
	g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(exampleEvents()))
	var svg bytes.Buffer
	err := g.Render(context.Background(), &svg, "svg")
	if errors.Is(err, kg.ErrNoGraphviz) {
		fmt.Println(true) // install graphviz to draw
		return
	}
	fmt.Println(err == nil && strings.Contains(svg.String(), "<svg"))
	// Output: true
}
