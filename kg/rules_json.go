package kg

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// payload is an event's JSON payload. Paths are looked up in its bytes,
// without decoding what they do not reach; numbers keep the text they were
// written with.
type payload struct {
	raw []byte
	bad bool // not one JSON value
}

func decodePayload(data []byte) *payload {
	return &payload{raw: data, bad: !json.Valid(data)}
}

// lookup appends to dst the values path reaches, or says why it reaches
// none. p is valid JSON, which the scanning below relies on.
func (p *payload) lookup(path []step, dst [][]byte) ([][]byte, string) {
	return walk(p.raw, ws(p.raw, 0), path, dst)
}

func walk(b []byte, i int, path []step, dst [][]byte) ([][]byte, string) {
	if len(path) == 0 {
		return append(dst, b[i:end(b, i)]), ""
	}
	st := path[0]
	if st.kind == stepField {
		at := -1
		if b[i] == '{' {
			items(b, i, func(key []byte, v int) {
				if plain(key) && string(key[1:len(key)-1]) == st.field || !plain(key) && unquote(key) == st.field {
					at = v // the last one wins, as in encoding/json
				}
			})
		}
		if at < 0 || b[at] == 'n' {
			return dst, missing
		}
		return walk(b, at, path[1:], dst)
	}
	if b[i] != '[' {
		if st.kind == stepAll {
			return dst, "is not a list"
		}
		return dst, missing
	}
	var at []int
	items(b, i, func(_ []byte, v int) { at = append(at, v) })
	if st.kind == stepIndex {
		if st.index >= len(at) {
			return dst, missing
		}
		at = at[st.index : st.index+1]
	}
	for _, v := range at {
		var why string
		if dst, why = walk(b, v, path[1:], dst); why != "" {
			return dst, why
		}
	}
	return dst, ""
}

// items calls f with the key (quoted, nil in an array) and the start of
// the value of each member of the object or array at b[i].
func items(b []byte, i int, f func(key []byte, v int)) {
	i = ws(b, i+1)
	for b[i] != '}' && b[i] != ']' {
		var key []byte
		if b[i] == '"' {
			if k := end(b, i); b[ws(b, k)] == ':' {
				key, i = b[i:k], ws(b, ws(b, k)+1)
			}
		}
		f(key, i)
		if i = ws(b, end(b, i)); b[i] == ',' {
			i = ws(b, i+1)
		}
	}
}

// end returns the index just past the JSON value that starts at b[i].
func end(b []byte, i int) int {
	switch b[i] {
	case '"':
		for i++; b[i] != '"'; i++ {
			if b[i] == '\\' {
				i++
			}
		}
		return i + 1
	case '{', '[':
		for depth := 0; ; i++ {
			switch b[i] {
			case '"':
				i = end(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(b) && strings.IndexByte(",}] \t\r\n", b[i]) < 0 {
		i++
	}
	return i
}

func ws(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// plain reports whether the JSON string s reads as its bytes: no escapes,
// valid UTF-8 (encoding/json replaces invalid bytes).
func plain(s []byte) bool { return bytes.IndexByte(s, '\\') < 0 && utf8.Valid(s) }

func unquote(s []byte) string {
	var out string
	_ = json.Unmarshal(s, &out) // s is a valid JSON string
	return out
}

// scalar returns the text of a string, number or boolean value.
func scalar(v []byte) (string, string) {
	switch v[0] {
	case '"':
		if plain(v) {
			return string(v[1 : len(v)-1]), ""
		}
		return unquote(v), ""
	case 'n':
		return "", missing
	case '{', '[':
		return "", "is not a string, number or boolean"
	}
	return string(v), "" // a number as written, true or false
}
