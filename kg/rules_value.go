package kg

import (
	"strconv"
	"strings"
)

// value parses "literal", $id, $meta.key or a payload path $.a.b[0][*].
func (p *parser) value() (*valueRule, error) {
	start, rest := p.pos, p.s[p.pos:]
	end := strings.IndexAny(rest, ")? \t")
	if end < 0 {
		end = len(rest)
	}
	v := &valueRule{text: rest[:end]}
	switch {
	case strings.HasPrefix(rest, `"`):
		lit, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil, p.fail(start, "unterminated or bad quoted string")
		}
		v.text, v.lit = lit, lit[1:len(lit)-1]
		if u, err := strconv.Unquote(lit); err == nil {
			v.lit = u
		}
		if v.lit == "" {
			return nil, p.fail(start, "empty string: drop the parentheses to name the one node of a kind")
		}
		p.pos += len(lit)
		return v, nil
	case v.text == "$id":
		v.src = fromEventID
	case strings.HasPrefix(v.text, "$meta."):
		v.src, v.lit = fromMeta, v.text[len("$meta."):]
		if v.lit == "" {
			return nil, p.fail(start, `expected a metadata key after "$meta."`)
		}
	case v.text == "$" || strings.HasPrefix(v.text, "$.") || strings.HasPrefix(v.text, "$["):
		v.src = fromPayload
		path, at, msg := parsePath(v.text[1:])
		if msg != "" {
			return nil, p.fail(start+1+at, "%s in path %s", msg, v.text)
		}
		v.path = path
	default:
		return nil, p.fail(start, `expected a value: $.field, $.list[0], $.list[*].field, $meta.key, $id or "text", found %q`, v.text)
	}
	p.pos += end
	return v, nil
}

// parsePath parses the steps of a payload path after its "$": .field, [n]
// and [*]. On error it returns the offset in s and a message.
func parsePath(s string) (steps []step, at int, msg string) {
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if j == i+1 {
				return nil, i, `empty field name after "."`
			}
			steps = append(steps, step{field: s[i+1 : j], kind: stepField})
			i = j
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, i, `"[" without "]"`
			}
			in := s[i+1 : i+j]
			if in == "*" {
				steps = append(steps, step{kind: stepAll})
			} else if n, err := strconv.Atoi(in); err == nil && n >= 0 && in[0] != '+' {
				steps = append(steps, step{index: n, kind: stepIndex})
			} else {
				return nil, i, `expected [n] or [*]`
			}
			i += j + 1
		default:
			return nil, i, `expected "." or "["`
		}
	}
	return steps, 0, ""
}
