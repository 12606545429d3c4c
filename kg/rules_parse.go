package kg

import (
	"fmt"
	"slices"
	"strings"
)

// parser reads one line of rule text.
type parser struct {
	s    string
	pos  int
	line int
	rule string // the event types, once read
}

func (p *parser) fail(at int, format string, args ...any) error {
	return &RuleError{Line: p.line, Column: at + 1, Rule: p.rule, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *parser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

// end reports whether only spaces or a comment are left.
func (p *parser) end() bool {
	p.space()
	return p.pos == len(p.s) || p.s[p.pos] == '#'
}

// parseLine parses one line: nil and no types for a blank or comment line.
func parseLine(line string, n int) (*rule, []string, error) {
	p := &parser{s: line, line: n}
	if p.end() {
		return nil, nil, nil
	}
	colon := strings.IndexByte(line, ':')
	if hash := strings.IndexByte(line, '#'); colon < 0 || (hash >= 0 && hash < colon) {
		return nil, nil, p.fail(p.pos, `expected event types and ":", as in "ClaimFiled: person -filed-> claim($.claim)"`)
	}
	p.rule = strings.TrimSpace(line[:colon])
	var types []string
	at := 0
	for _, part := range strings.SplitAfter(line[:colon], "|") {
		t := strings.TrimSpace(strings.TrimSuffix(part, "|"))
		if t == "" || strings.ContainsAny(t, " \t,()") {
			return nil, nil, p.fail(at, "bad event type %q: types are separated by \"|\" and hold no spaces, commas or parentheses", t)
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
		at += len(part)
	}
	p.pos = colon + 1
	r := &rule{name: fmt.Sprintf("rule %s (line %d)", p.rule, n)}
	p.space()
	if strings.HasPrefix(p.s[p.pos:], "retract ") || strings.HasPrefix(p.s[p.pos:], "retract\t") {
		r.retract = true
		p.pos += len("retract")
	}
	for {
		p.space()
		at := p.pos
		c, err := p.chain()
		if err != nil {
			return nil, nil, err
		}
		if len(c.preds) == 0 && !r.retract {
			return nil, nil, p.fail(at, `a chain needs an edge, as in "person -holds-> policy($.policy)" (only "retract" takes a lone node)`)
		}
		r.chains = append(r.chains, c)
		if p.space(); p.peek() != ',' {
			break
		}
		p.pos++
	}
	if !p.end() {
		return nil, nil, p.fail(p.pos, `expected "-predicate->", "," or the end of the rule, found %q`, p.s[p.pos:])
	}
	for _, c := range r.chains {
		r.nodes += len(c.nodes)
		for _, nr := range c.nodes {
			r.payload = r.payload || (nr.val != nil && nr.val.src == fromPayload)
		}
	}
	return r, types, nil
}

// chain parses node { -predicate-> node }.
func (p *parser) chain() (chain, error) {
	var c chain
	for {
		n, err := p.node()
		if err != nil {
			return c, err
		}
		c.nodes = append(c.nodes, n)
		if p.space(); p.peek() != '-' {
			return c, nil
		}
		at := p.pos
		p.pos++
		end := p.pos
		for end < len(p.s) && !strings.ContainsRune("-<>(),#", rune(p.s[end])) {
			end++
		}
		pred := strings.TrimSpace(p.s[p.pos:end])
		if !strings.HasPrefix(p.s[end:], "->") {
			return c, p.fail(end, `expected "->" to end the edge "-%s" that starts at column %d`, pred, at+1)
		}
		if pred == "" {
			return c, p.fail(at, `empty predicate: write "-predicate->"`)
		}
		c.preds = append(c.preds, pred)
		p.pos = end + 2
		p.space()
	}
}

func isIdent(b byte, first bool) bool {
	return b == '_' || (b|0x20 >= 'a' && b|0x20 <= 'z') || (!first && b >= '0' && b <= '9')
}

// node parses kind or kind(value).
func (p *parser) node() (nodeRule, error) {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && isIdent(p.s[p.pos], p.pos == start) {
		p.pos++
	}
	if p.pos == start {
		return nodeRule{}, p.fail(start, "expected a node kind (a name such as claim), found %q", p.s[start:])
	}
	n := nodeRule{kind: p.s[start:p.pos]}
	if p.space(); p.peek() != '(' {
		return n, nil
	}
	p.pos++
	p.space()
	v, err := p.value()
	if err != nil {
		return n, err
	}
	if p.peek() == '?' {
		v.optional = true
		p.pos++
	}
	if p.space(); p.peek() != ')' {
		return n, p.fail(p.pos, `expected ")" to close %s(%s`, n.kind, v.text)
	}
	p.pos++
	n.val = v
	return n, nil
}
