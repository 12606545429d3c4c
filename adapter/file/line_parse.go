package file

import (
	"bytes"
	"fmt"
	"math"
)

// parser reads one fixed-shape line; after the first failure every method
// is a no-op and err keeps that failure.
type parser struct {
	b     []byte
	i     int
	err   *lineError
	alloc func(n int) []byte // where decoded bytes go; nil: a new slice
}

func (p *parser) fail(what string) {
	if p.err == nil {
		p.err = &lineError{what, p.i}
	}
	p.i = len(p.b)
}

func (p *parser) lit(s string) {
	if p.err != nil {
		return
	}
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		p.fail(fmt.Sprintf("expected %s", s))
		return
	}
	p.i += len(s)
}

func (p *parser) uint() uint64 {
	if p.err != nil {
		return 0
	}
	b, i, v := p.b, p.i, uint64(0)
	for ; i < len(b); i++ {
		d := uint64(b[i] - '0')
		if d > 9 {
			break
		}
		// Only the 20th digit can overflow: 19 digits are below 2^64.
		if i-p.i >= 19 && v > (math.MaxUint64-d)/10 {
			p.i = i
			p.fail("number out of range")
			return 0
		}
		v = v*10 + d
	}
	if n := i - p.i; n == 0 || (n > 1 && b[p.i] == '0') {
		p.fail("bad number")
		return 0
	}
	p.i = i
	return v
}

func (p *parser) int() int64 {
	if p.err != nil {
		return 0
	}
	neg := p.i < len(p.b) && p.b[p.i] == '-'
	if neg {
		p.i++
	}
	u := p.uint()
	switch {
	case p.err != nil:
		return 0
	case neg && u == 0:
		p.fail("negative zero")
	case neg && u <= 1<<63:
		return int64(-u)
	case !neg && u < 1<<63:
		return int64(u)
	default:
		p.fail("number out of range")
	}
	return 0
}

// b64 returns the base64 text up to the next quote. The decoder would
// skip CR and LF, so they are refused here to keep one spelling.
func (p *parser) b64() []byte {
	if p.err != nil {
		return nil
	}
	n := bytes.IndexByte(p.b[p.i:], '"')
	if n < 0 {
		n = len(p.b) - p.i
	}
	s := p.b[p.i : p.i+n]
	if bytes.IndexByte(s, '\r') >= 0 || bytes.IndexByte(s, '\n') >= 0 {
		p.fail("bad base64")
		return nil
	}
	p.i += n
	return s
}

// decode64 decodes prev and data into one allocation, or into p.alloc's
// memory.
func (p *parser) decode64(prev, data []byte) ([]byte, []byte) {
	if len(prev)%4 != 0 || len(data)%4 != 0 {
		p.fail("bad base64 length")
		return nil, nil
	}
	np, nd := b64.DecodedLen(len(prev)), b64.DecodedLen(len(data))
	if np+nd == 0 {
		return nil, nil
	}
	var buf []byte
	if p.alloc != nil {
		buf = p.alloc(np + nd)[: np+nd : np+nd]
	} else {
		buf = make([]byte, np+nd)
	}
	a, err := b64.Decode(buf, prev)
	if err != nil {
		p.fail("bad base64 in prev")
		return nil, nil
	}
	b, err := b64.Decode(buf[np:], data)
	if err != nil {
		p.fail("bad base64 in data")
		return nil, nil
	}
	var outPrev, outData []byte
	if a > 0 {
		outPrev = buf[:a:a]
	}
	if b > 0 {
		outData = buf[np : np+b : np+b]
	}
	return outPrev, outData
}
