package main_test

import (
	"encoding/json"
	"strings"
	"testing"

	sealstream "github.com/sealstream/sealstream/cmd/sealstream"
)

var jsonSeeds = []string{
	``, ` `, `1`, `-0.5e+10`, `01`, `-`, `1.`, `1e`, `"a\"b\u00e9\n"`, `"\u12"`, `"\x"`, "\"\x01\"",
	`{"a":[1,2,{"b":null}],"c":true}`, `{"a" : 1 , }`, `[1,]`, `[`, `{"a"}`, `{1:2}`, `truex`, `nul`,
	` [ ] `, `{}`, `[1 2]`, `"é"`, "\"\xff\"", strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
}

func TestValidJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range jsonSeeds {
		if got, want := sealstream.ValidJSON([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("ValidJSON(%.80q) = %v, json.Valid says %v", s, got, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := sealstream.ValidJSON(b), json.Valid(b); got != want {
			t.Fatalf("ValidJSON(%.80q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// Strings are scanned eight bytes a step: a quote, backslash, control
// byte or non-ASCII byte at any place of a long string is seen as
// encoding/json sees it.
func TestValidJSONLongStrings(t *testing.T) {
	for _, odd := range []string{`"`, `\`, `\"`, `\n`, `\u00e9`, `\x`, "\x00", "\x1f", "\x20", "\x7f", "\x80", "\xff", "é", "!", "#", "[", "]", "\x5b", "\x5d"} {
		for n := range 26 {
			for at := range n + 1 {
				s := `"` + strings.Repeat("a", at) + odd + strings.Repeat("b", n-at) + `"`
				for _, v := range []string{s, `{"k":` + s + `}`, `[` + s + `,1]`} {
					if got, want := sealstream.ValidJSON([]byte(v)), json.Valid([]byte(v)); got != want {
						t.Fatalf("ValidJSON(%q) = %v, json.Valid says %v", v, got, want)
					}
				}
			}
		}
	}
}
