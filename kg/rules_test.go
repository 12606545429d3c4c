package kg_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/kg"
)

func TestParseRulesErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"ClaimFiled person -filed-> claim($.c)", `rule on line 1, column 1: expected event types and ":"`},
		{"\n\nClaimFiled: person -filed claim($.c)", `rule "ClaimFiled" (line 3, column 32): expected "->" to end the edge "-filed claim" that starts at column 20`},
		{"ClaimFiled: person", `rule "ClaimFiled" (line 1, column 13): a chain needs an edge`},
		{"A: person -x-> claim($.c", `rule "A" (line 1, column 25): expected ")" to close claim($.c`},
		{"A: person -x-> claim(c)", `rule "A" (line 1, column 22): expected a value: $.field`},
		{"A: person -x-> claim($.c[x])", `rule "A" (line 1, column 25): expected [n] or [*] in path $.c[x]`},
		{"A: person -x-> claim($.c.)", `rule "A" (line 1, column 25): empty field name after "." in path $.c.`},
		{"A: 9lives -x-> claim($.c)", `rule "A" (line 1, column 4): expected a node kind`},
		{"A: person --> claim($.c)", `rule "A" (line 1, column 11): empty predicate`},
		{"A | B C: person -x-> y($.c)", `rule "A | B C" (line 1, column 4): bad event type "B C"`},
		{"A: person -x-> claim($.c) extra", `rule "A" (line 1, column 27): expected "-predicate->", "," or the end`},
		{`A: person -x-> claim("")`, `rule "A" (line 1, column 22): empty string`},
		{`A: person -x-> claim("open)`, `rule "A" (line 1, column 22): unterminated or bad quoted string`},
		{"A: person -x-> claim($meta.)", `rule "A" (line 1, column 22): expected a metadata key`},
		{"A: person -x-> ,", `rule "A" (line 1, column 16): expected a node kind`},
	}
	for _, c := range cases {
		rs, err := kg.ParseRules(c.text)
		var re *kg.RuleError
		if rs != nil || !errors.Is(err, kg.ErrRule) || !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseRules(%q) = %v\nwant an ErrRule containing %s", c.text, err, c.want)
		}
	}
	_, err := kg.ParseRules("A: x -y-> z($.a)\nB: bad\n# fine\nC: also bad(")
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("two bad rules: %v; want both named", err)
	}
}

func TestRulesExtract(t *testing.T) {
	rs := mustRules(t, `
Subscribed|Renewed: person -subscribes to-> service($.items[*].name) -sold by-> provider($meta.shop)  # fan out
Tagged: note($id) -about-> topic("tax year") , topic("tax year") -in-> year($.year)
Flagged: item($.list[1]) -flag-> flag($.ok)
Dropped: retract person -subscribes to-> service($.name), provider($.shop)
Tagged: retract topic($.old)
Moved: retract person -lives at-> address($.from?), person -moved on-> day($meta.day?)
`)
	cases := []struct {
		e    sealstream.Event
		want []string
	}{
		{sealstream.Event{Type: "Renewed", Metadata: map[string]string{"shop": "kiosk"},
			Data: []byte(`{"items":[{"name":"news"},{"name":"gym"}]}`)},
			[]string{"Assert person subscribes to service:news", "Assert person subscribes to service:gym",
				"Assert service:news sold by provider:kiosk", "Assert service:gym sold by provider:kiosk"}},
		{sealstream.Event{Type: "Tagged", ID: "e-9", Data: []byte(`{"year":2026,"old":"vat"}`)},
			[]string{"Assert note:e-9 about topic:tax year", "Assert topic:tax year in year:2026", "RetractNode topic:vat  "}},
		{sealstream.Event{Type: "Flagged", Data: []byte(`{"list":["a",7.50],"ok":true}`)},
			[]string{"Assert item:7.50 flag flag:true"}},
		{sealstream.Event{Type: "Dropped", Data: []byte(`{"name":"gym","shop":"kiosk"}`)},
			[]string{"Retract person subscribes to service:gym", "RetractNode provider:kiosk  "}},
		{sealstream.Event{Type: "Other", Data: []byte(`{`)}, nil},
		{sealstream.Event{Type: "Moved", Data: []byte(`{"from":null}`), Metadata: map[string]string{"day": "mon"}}, nil},
		{sealstream.Event{Type: "Moved", Data: []byte(`{"from":12}`)}, nil},
		{sealstream.Event{Type: "Moved", Data: []byte(`{"from":12}`), Metadata: map[string]string{"day": "mon"}},
			[]string{"Retract person lives at address:12", "Retract person moved on day:mon"}},
		{sealstream.Event{Type: "Moved", Data: []byte(`{"from":[12]}`)},
			[]string{"Skip  rule Moved (line 7): $.from is not a string, number or boolean "}},
	}
	for _, c := range cases {
		var got []string
		for _, tr := range rs.Extract(c.e) {
			got = append(got, strings.Join([]string{opName(tr.Op), tr.Subject.String(), tr.Predicate, tr.Object.String()}, " "))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Extract(%s %s) =\n%q\nwant\n%q", c.e.Type, c.e.Data, got, c.want)
		}
	}
}

func opName(o kg.Op) string {
	return map[kg.Op]string{kg.Assert: "Assert", kg.Retract: "Retract", kg.RetractNode: "RetractNode", kg.Skip: "Skip"}[o]
}

// Payloads a rule cannot read are skipped and counted by reason; the
// reasons name the rule, never a payload value; other rules still apply.
func TestRulesSkipAndCount(t *testing.T) {
	rs := mustRules(t, "ClaimFiled: person -filed-> claim($.claim) -on-> policy($.policy)\nClaimFiled: person -files-> form(\"claim\")\nClaimFiled: person -x-> claim(\"c\")\nFanned: a($.l[*]) -x-> b($.m[*])")
	const secret = "SECRET-7f3a"
	payloads := []string{
		`not json ` + secret, `{"claim":"` + secret + `"}`, `{"claim":{"id":"` + secret + `"},"policy":"p"}`,
		`{"claim":"","policy":"p"}`, `{"claim":null,"policy":"p"}`, `["` + secret + `"]`, ``, `{"claim":"c-1","policy":"p"} {}`,
	}
	var es []sealstream.Event
	for _, p := range payloads {
		es = append(es, ev("ClaimFiled", p))
	}
	big := `{"l":[` + strings.Repeat(`1,`, 200) + `1],"m":[` + strings.Repeat(`2,`, 200) + `2]}`
	es = append(es, ev("ClaimFiled", `{"claim":"c-2","policy":"p"}`), ev("Fanned", big))
	g := build(t, numbered(es...), rs.Extract)
	want := map[string]int{
		"rule ClaimFiled (line 1): payload is not JSON":                        3,
		"rule ClaimFiled (line 1): $.policy is missing":                        1,
		"rule ClaimFiled (line 1): $.claim is not a string, number or boolean": 1,
		"rule ClaimFiled (line 1): $.claim is empty":                           1,
		"rule ClaimFiled (line 1): $.claim is missing":                         2,
		"rule Fanned (line 4): makes more than 10000 facts":                    1,
	}
	if got := g.Skipped(); !mapsEqual(got, want) {
		t.Errorf("Skipped = %v\nwant %v", got, want)
	}
	if got := facts(g); !slices.Contains(got, "claim:c-2 -on-> policy:p") || len(got) != 4 {
		t.Errorf("facts %q: want the two rules without payload paths and c-2's", got)
	}
	out, _ := g.MarshalJSON()
	if strings.Contains(string(out), secret) {
		t.Errorf("a skipped payload leaked into the graph: %s", out)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
