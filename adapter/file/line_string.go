package file

import (
	"bytes"
	"unicode/utf8"
)

// str reads a JSON string in the canonical spelling written by
// appendString: valid UTF-8, no raw control character, and only the
// escapes \" \\ \b \f \n \r \t and, for the other control characters,
// \u00xx in lowercase hex. It returns the string's bytes, which alias the
// line unless the string holds escapes.
func (p *parser) str() []byte {
	if p.err != nil {
		return nil
	}
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		p.fail("expected string")
		return nil
	}
	p.i++
	start, ascii := p.i, true
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			if !ascii && !utf8.Valid(s) {
				p.i = start
				p.fail("invalid UTF-8 in string")
				return nil
			}
			p.i++
			return s
		case c == '\\':
			return p.strEscaped(start)
		case c < 0x20:
			p.fail("control character in string")
			return nil
		case c >= utf8.RuneSelf:
			ascii = false
		}
		p.i++
	}
	p.fail("unterminated string")
	return nil
}

// strEscaped finishes a string that holds escapes; p.i is at the first
// backslash and start at the first byte of the string.
func (p *parser) strEscaped(start int) []byte {
	// Sized for the bytes so far and grown by append: sized for the rest
	// of the line, a line of many escaped strings would cost its length
	// times their number.
	buf := make([]byte, 0, 2*(p.i-start)+16)
	buf = append(buf, p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				p.i = start
				p.fail("invalid UTF-8 in string")
				return nil
			}
			p.i++
			return buf
		case c < 0x20:
			p.fail("control character in string")
			return nil
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			break
		}
		e := p.b[p.i+1]
		switch e {
		case '"', '\\':
		case 'b':
			e = '\b'
		case 'f':
			e = '\f'
		case 'n':
			e = '\n'
		case 'r':
			e = '\r'
		case 't':
			e = '\t'
		case 'u':
			v, ok := p.hexEscape()
			if !ok {
				p.fail("bad or non-canonical \\u escape")
				return nil
			}
			buf = append(buf, v)
			p.i += 6
			continue
		default:
			p.fail("bad escape")
			return nil
		}
		buf = append(buf, e)
		p.i += 2
	}
	p.fail("unterminated string")
	return nil
}

// hexEscape reads \u00xx at p.i and accepts it only for a control
// character that has no short escape.
func (p *parser) hexEscape() (byte, bool) {
	if len(p.b)-p.i < 6 || p.b[p.i+2] != '0' || p.b[p.i+3] != '0' {
		return 0, false
	}
	hi, lo := p.b[p.i+4], p.b[p.i+5]
	if hi != '0' && hi != '1' {
		return 0, false
	}
	var v byte
	switch {
	case lo >= '0' && lo <= '9':
		v = lo - '0'
	case lo >= 'a' && lo <= 'f':
		v = lo - 'a' + 10
	default:
		return 0, false
	}
	v |= (hi - '0') << 4
	switch v {
	case '\b', '\f', '\n', '\r', '\t':
		return 0, false
	}
	return v, true
}

// meta reads the metadata object after its opening brace, through its
// closing brace, appending its pairs to pairs. Keys must be in strictly
// increasing byte order, which rules out repeated keys and gives every
// map one spelling.
func (p *parser) meta(pairs [][2][]byte) [][2][]byte {
	if p.err != nil {
		return pairs
	}
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return pairs
	}
	for {
		at := p.i
		k := p.str()
		p.lit(":")
		v := p.str()
		if p.err != nil {
			return pairs
		}
		if n := len(pairs); n > 0 && bytes.Compare(k, pairs[n-1][0]) <= 0 {
			p.i = at
			p.fail("metadata key repeated or out of order")
			return pairs
		}
		pairs = append(pairs, [2][]byte{k, v})
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		p.lit("}")
		return pairs
	}
}
