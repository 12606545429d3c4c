package file

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

var b64 = base64.StdEncoding.Strict()

// lineError is why a line was refused and where in the line.
type lineError struct {
	what string
	at   int
}

// DecodeLine decodes one line written by AppendLine, without its newline,
// returning the record and its batch marker. It accepts nothing else: any other byte sequence, including a line
// longer than the codec's limit, a bad checksum, a line of another stream,
// whitespace, an unknown, missing, repeated or reordered field, nesting,
// a non-canonical number, escape or base64 value, or invalid UTF-8, gives
// an error matching [sealstream.ErrCorrupt]. It never panics.
func (c *LineCodec) DecodeLine(line []byte) (codec.Record, uint64, error) {
	var r codec.Record
	more, e := c.decode(line, &r)
	if e != nil {
		return codec.Record{}, 0, fmt.Errorf("file: line: %s at byte %d: %w", e.what, e.at, sealstream.ErrCorrupt)
	}
	return r, more, nil
}

// verify checks the length and checksum of line and returns the bytes the
// checksum covers.
func (c *LineCodec) verify(line []byte, seed uint32) ([]byte, *lineError) {
	if len(line) > c.max {
		return nil, &lineError{fmt.Sprintf("line longer than %d bytes", c.max), c.max}
	}
	n := len(line) - crcSuffix
	if n < 0 || string(line[n:n+len(crcField)]) != crcField || string(line[len(line)-2:]) != `"}` {
		return nil, &lineError{"missing checksum", max(n, 0)}
	}
	var want uint32
	for i, h := range line[n+len(crcField) : len(line)-2] {
		switch {
		case h >= '0' && h <= '9':
			want = want<<4 | uint32(h-'0')
		case h >= 'a' && h <= 'f':
			want = want<<4 | uint32(h-'a'+10)
		default:
			return nil, &lineError{"bad checksum digit", n + len(crcField) + i}
		}
	}
	if crc32.Update(seed, castagnoli, line[:n]) != want {
		return nil, &lineError{"checksum mismatch", n}
	}
	return line[:n], nil
}

// check verifies the checksum of a record line and returns its version
// and batch marker, without decoding the other fields: the fast path used
// to index a file.
func (c *LineCodec) check(line []byte) (v, more uint64, _ *lineError) {
	body, e := c.verify(line, c.seed)
	if e != nil {
		return 0, 0, e
	}
	p := parser{b: body}
	p.lit(linePrefix)
	v = p.uint()
	p.lit(moreField)
	more = p.uint()
	p.lit(",")
	return v, more, p.err
}

func (c *LineCodec) decode(line []byte, r *codec.Record) (uint64, *lineError) {
	return c.decodeInto(line, r, nil)
}

// decodeInto is decode with the record's Prev and Payload placed in memory
// from alloc, unless it is nil.
func (c *LineCodec) decodeInto(line []byte, r *codec.Record, alloc func(int) []byte) (uint64, *lineError) {
	body, e := c.verify(line, c.seed)
	if e != nil {
		return 0, e
	}
	p := parser{b: body, alloc: alloc}
	p.lit(linePrefix)
	r.Version = p.uint()
	p.lit(moreField)
	more := p.uint()
	p.lit(`,"id":`)
	id := p.str()
	p.lit(`,"type":`)
	typ := p.str()
	p.lit(`,"time":`)
	r.Time = p.int()
	p.lit(`,"meta":{`)
	var pairBuf [8][2][]byte
	pairs := p.meta(pairBuf[:0])
	p.lit(`,"prev":"`)
	prev := p.b64()
	p.lit(`","data":"`)
	data := p.b64()
	p.lit(`"`)
	if p.err == nil && p.i != len(p.b) {
		p.fail("trailing bytes")
	}
	if p.err == nil {
		r.ID, r.Type, r.Metadata = strings3(id, typ, pairs)
		r.Prev, r.Payload = p.decode64(prev, data)
	}
	return more, p.err
}

// strings3 makes the ID, type and metadata strings with one allocation for
// all their bytes: replay decodes every line, and most of its cost is
// allocation.
func strings3(id, typ []byte, pairs [][2][]byte) (string, string, map[string]string) {
	n := len(id) + len(typ)
	for _, kv := range pairs {
		n += len(kv[0]) + len(kv[1])
	}
	var sb strings.Builder
	sb.Grow(n)
	sb.Write(id)
	sb.Write(typ)
	for _, kv := range pairs {
		sb.Write(kv[0])
		sb.Write(kv[1])
	}
	all := sb.String()
	cut := func(k int) string {
		s := all[:k]
		all = all[k:]
		return s
	}
	sid, stype := cut(len(id)), cut(len(typ))
	if len(pairs) == 0 {
		return sid, stype, nil
	}
	m := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		k := cut(len(kv[0]))
		m[k] = cut(len(kv[1]))
	}
	return sid, stype, m
}
