package kg_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/kg"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// lifeRules is the rule text the tests build graphs with.
const lifeRules = `
# a person's life, as the quickstart's kind of events tell it
PolicyBought: person -holds-> policy($.policy) -issued by-> provider($.by)
ClaimFiled:   person -filed-> claim($.claim) -on-> policy($.policy)
ClaimPaid:    retract person -filed-> claim($.claim)
Moved:        person -lives at-> address($.to)
Moved:        retract person -lives at-> address($.from)
PolicyEnded:  retract policy($.policy)
Subscribed:   person -subscribes to-> service($.items[*])
`

func mustRules(t testing.TB, text string) *kg.Rules {
	t.Helper()
	rs, err := kg.ParseRules(text)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// ev returns an event of type typ with payload p (JSON unless a string).
func ev(typ string, p any) sealstream.Event {
	data, ok := p.(string)
	if !ok {
		b, err := json.Marshal(p)
		if err != nil {
			panic(err)
		}
		data = string(b)
	}
	return sealstream.Event{Type: typ, Data: []byte(data)}
}

// numbered gives events versions 1..n and times a minute apart.
func numbered(es ...sealstream.Event) []sealstream.Event {
	out := slices.Clone(es)
	base := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range out {
		out[i].Version = uint64(i + 1)
		out[i].Time = base.Add(time.Duration(i) * time.Minute)
		out[i].ID = fmt.Sprintf("e%d", i+1)
	}
	return out
}

// seq2 turns events into the fallible sequence Build reads.
func seq2(es []sealstream.Event) func(func(sealstream.Event, error) bool) {
	return func(yield func(sealstream.Event, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func build(t testing.TB, es []sealstream.Event, x kg.Extractor) *kg.Graph {
	t.Helper()
	g, err := kg.Build(seq2(es), x)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// canon is a graph's node-link JSON: equal graphs give equal bytes.
func canon(t testing.TB, g *kg.Graph) string {
	t.Helper()
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// facts lists g's facts as "subject -predicate-> object" strings.
func facts(g *kg.Graph) []string {
	var out []string
	for _, e := range g.Facts() {
		out = append(out, e.String())
	}
	return out
}
