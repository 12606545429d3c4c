package kg_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/kg"
)

var benchN = flag.Int("kg.bench.events", 1_000_000, "events per BenchmarkBuild run")

// benchRules state 3 facts per event.
const benchRules = "ClaimFiled: person -filed-> claim($.claim) -on-> policy($.policy), claim($.claim) -handled by-> provider($.provider)"

var benchEvents = sync.OnceValue(func() []sealstream.Event {
	es := make([]sealstream.Event, *benchN)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range es {
		es[i] = sealstream.Event{Type: "ClaimFiled", Version: uint64(i + 1), Time: base.Add(time.Duration(i) * time.Second),
			Data: fmt.Appendf(nil, `{"claim":"c-%d","policy":"p-%d","provider":"v-%d"}`, i, i%1000, i%50)}
	}
	return es
})

// goExtract is the same extraction as benchRules, written in Go.
func goExtract(e sealstream.Event) []kg.Triple {
	var p struct{ Claim, Policy, Provider string }
	if json.Unmarshal(e.Data, &p) != nil {
		return []kg.Triple{kg.Skipped("not JSON")}
	}
	claim := kg.Ref{Kind: "claim", ID: p.Claim}
	return []kg.Triple{
		{Subject: kg.Ref{Kind: "person"}, Predicate: "filed", Object: claim},
		{Subject: claim, Predicate: "on", Object: kg.Ref{Kind: "policy", ID: p.Policy}},
		{Subject: claim, Predicate: "handled by", Object: kg.Ref{Kind: "provider", ID: p.Provider}},
	}
}

// BenchmarkBuild builds a graph from 1M events of 3 facts each, beside a
// plain fold.Count replay of the same events in the same run. It reports
// events/s, the heap allocated per run and the heap the result keeps.
//
//	go test -run '^$' -bench BenchmarkBuild -benchtime=1x ./
func BenchmarkBuild(b *testing.B) {
	es := benchEvents()
	rules := mustRules(b, benchRules)
	run := func(name string, f func() any) {
		b.Run(name, func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var keep any
			for range b.N {
				keep = f()
			}
			elapsed := b.Elapsed()
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(len(es)*b.N)/elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(allocated)/float64(b.N)/(1<<20), "MiB-alloc/op")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MiB-kept")
			runtime.KeepAlive(keep)
		})
	}
	run("fold.Count", func() any { return fold.Replay(fold.Count(), 0, slices.Values(es)) })
	run("Build/rules", func() any { return mustBuild(b, es, rules.Extract) })
	run("Build/go-extractor", func() any { return mustBuild(b, es, goExtract) })
	run("Fold/rules", func() any {
		g := fold.Replay(kg.Fold(rules.Extract), kg.New(), slices.Values(es))
		g.FactCount() // index it, as Build does
		return g
	})
}

func mustBuild(b *testing.B, es []sealstream.Event, x kg.Extractor) *kg.Graph {
	g := build(b, es, x)
	if g.FactCount() != 3*len(es) {
		b.Fatalf("%d facts, want %d", g.FactCount(), 3*len(es))
	}
	return g
}
