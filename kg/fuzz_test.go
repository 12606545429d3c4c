package kg_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/kg"
)

// Any rule text parses or fails with ErrRule; any payload is extracted and
// folded without a panic.
func FuzzRules(f *testing.F) {
	f.Add(lifeRules, "Subscribed", []byte(`{"items":["news",3,true]}`))
	f.Add("A|B: x($.a[0][*].b) -p-> y($meta.k), z($id) -q-> w(\"lit\")", "A", []byte(`{"a":[[{"b":1}]]}`))
	f.Add("A: retract x($.a)", "A", []byte(`{"a":{"b":[]}}`))
	f.Add("A: x -p-> y($)", "A", []byte(`"top"`))
	f.Add("A: x($.a.b) -p-> y($[1][*]), z($.\\u0061) -q-> w($.c[0].d)", "A", []byte(` {"a" : {"b":"x\\"y"}, "c":[{"d":[1,{"e":"]"}]}], "\\u0061":-1.5e3} `))
	f.Add("A: x($[*]) -p-> y($[0])", "A", []byte(`[ "a" , 2 , true , null , {} , [] ]`))
	f.Fuzz(func(t *testing.T, text, typ string, payload []byte) {
		rs, err := kg.ParseRules(text)
		if err != nil {
			if !errors.Is(err, kg.ErrRule) {
				t.Fatalf("ParseRules error %v is not an ErrRule", err)
			}
			return
		}
		e := sealstream.Event{Type: typ, Data: payload, ID: "id", Version: 1, Metadata: map[string]string{"k": "v"}}
		g := kg.Fold(rs.Extract)(kg.New(), e)
		if _, err := g.MarshalDOT("fuzz"); err != nil {
			t.Fatal(err)
		}
		_ = g.Components()
	})
}

// The rules read payloads as encoding/json does: the same values, numbers
// as written, the last of duplicate keys, escapes and bad UTF-8 decoded.
func FuzzPayloadPaths(f *testing.F) {
	f.Add([]byte(`{"a":"x","b":[0,1.50],"c":[{"d":true},{"d":"y"}]}`))
	f.Add([]byte(`{"a":"x","a":"\u00e9\ud800","b":[{}, "z"],"c":[]}`))
	f.Add([]byte(`{"a":"\xff","b":[null,2],"c":[{"d":[1]}]}`))
	f.Add([]byte(` {"\u0061" : 1e3 , "b" : [ 1 , "]" ] , "c" : [ { "d" : "x}" } ] } `))
	rs, err := kg.ParseRules("T: n($.a) -p-> m($.b[1]), o($.c[*].d) -q-> n($.a)")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := rs.Extract(sealstream.Event{Type: "T", Data: data})
		want := referenceExtract(data)
		if len(got) != len(want) {
			t.Fatalf("Extract(%q) = %v, want %v", data, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Extract(%q) = %v, want %v", data, got, want)
			}
		}
	})
}

// referenceExtract is the fuzzed rule written with encoding/json.
func referenceExtract(data []byte) []kg.Triple {
	const rule = "rule T (line 1): "
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var doc any
	if d.Decode(&doc) != nil || d.Decode(new(any)) != io.EOF {
		return []kg.Triple{kg.Skipped(rule + "payload is not JSON")}
	}
	scalar := func(x any) (string, string) {
		switch x := x.(type) {
		case nil:
			return "", "is missing"
		case string:
			if x == "" {
				return "", "is empty"
			}
			return x, ""
		case json.Number:
			return string(x), ""
		case bool:
			return fmt.Sprint(x), ""
		}
		return "", "is not a string, number or boolean"
	}
	root, _ := doc.(map[string]any)
	a, why := scalar(root["a"])
	if root["a"] == nil {
		why = "is missing"
	}
	if why != "" {
		return []kg.Triple{kg.Skipped(rule + "$.a " + why)}
	}
	list, _ := root["b"].([]any)
	if len(list) < 2 || list[1] == nil {
		return []kg.Triple{kg.Skipped(rule + "$.b[1] is missing")}
	}
	b, why := scalar(list[1])
	if why != "" {
		return []kg.Triple{kg.Skipped(rule + "$.b[1] " + why)}
	}
	cs, ok := root["c"].([]any)
	if !ok {
		if root["c"] == nil {
			return []kg.Triple{kg.Skipped(rule + "$.c[*].d is missing")}
		}
		return []kg.Triple{kg.Skipped(rule + "$.c[*].d is not a list")}
	}
	out := []kg.Triple{{Subject: kg.Ref{Kind: "n", ID: a}, Predicate: "p", Object: kg.Ref{Kind: "m", ID: b}}}
	for _, c := range cs {
		m, _ := c.(map[string]any)
		d, why := scalar(m["d"])
		if why != "" {
			return []kg.Triple{kg.Skipped(rule + "$.c[*].d " + why)}
		}
		out = append(out, kg.Triple{Subject: kg.Ref{Kind: "o", ID: d}, Predicate: "q", Object: kg.Ref{Kind: "n", ID: a}})
	}
	return out
}
