package feedline

import (
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"strconv"
)

// MaxID bounds a stream ID in bytes: the longest the file adapter takes.
const MaxID = 1024

// MaxLine bounds a line: two 20-digit numbers, a quoted ID of at most
// MaxID bytes (strconv.Quote writes at most 4 bytes per byte: "\x01" for
// a byte, "\u0080" for a rune of 2, "\U000e0001" for a rune of 4), its
// quotes, the CRC and three separators.
const MaxLine = 2*20 + 4*MaxID + 2 + 8 + 3

var table = crc32.MakeTable(crc32.Castagnoli)

// Entry is one change as the feed stores it.
type Entry struct {
	ID       string
	From, To uint64
}

// Kind says what a complete line holds.
type Kind int

// The kinds of line.
const (
	Change  Kind = iota // a change
	Blank               // empty or all spaces: a separator or a blanked-out change
	Damaged             // anything else: torn by a crash, or changed on disk
)

// Append appends the bytes of one change, leading and trailing newline
// included, to buf.
func Append(buf []byte, e Entry) []byte {
	buf = append(buf, '\n')
	start := len(buf)
	buf = strconv.AppendUint(buf, e.From, 10)
	buf = append(buf, ' ')
	buf = strconv.AppendUint(buf, e.To, 10)
	buf = append(buf, ' ')
	buf = strconv.AppendQuote(buf, e.ID)
	sum := crc32.Checksum(buf[start:], table)
	buf = append(buf, ' ')
	buf = append(buf, hex8(sum)...)
	return append(buf, '\n')
}

func hex8(v uint32) []byte {
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
	return b[:]
}

// Parse reads one line, without its newline.
func Parse(line []byte) (Entry, Kind) {
	if len(bytes.Trim(line, " ")) == 0 {
		return Entry{}, Blank
	}
	sp := bytes.LastIndexByte(line, ' ')
	if sp < 0 || len(line)-sp-1 != 8 || !bytes.Equal(line[sp+1:], hex8(crc32.Checksum(line[:sp], table))) {
		return Entry{}, Damaged
	}
	body := line[:sp]
	f := bytes.SplitN(body, []byte{' '}, 3)
	if len(f) != 3 {
		return Entry{}, Damaged
	}
	from, err1 := strconv.ParseUint(string(f[0]), 10, 64)
	to, err2 := strconv.ParseUint(string(f[1]), 10, 64)
	id, err3 := strconv.Unquote(string(f[2]))
	if err1 != nil || err2 != nil || err3 != nil || from == 0 || to < from || id == "" {
		return Entry{}, Damaged
	}
	return Entry{ID: id, From: from, To: to}, Change
}

// Scan reads the complete lines of r from offset off up to offset end,
// calling fn with each line's kind, entry and the offset just past its
// newline. It stops before an incomplete last line (a write in progress,
// or torn by a crash: the next write's leading newline completes it) and
// returns the offset it got to. A damaged line too long for a change is
// skipped like any damaged line. fn returning false stops the scan.
func Scan(ctx context.Context, r io.ReaderAt, off, end int64, fn func(e Entry, k Kind, next int64) bool) (int64, error) {
	buf := make([]byte, 64<<10)
	var carry []byte // a line begun in the previous chunk
	start := off     // offset of carry's first byte
	for pos := off; pos < end; {
		if err := ctx.Err(); err != nil {
			return start, err
		}
		n, err := r.ReadAt(buf[:min(int64(len(buf)), end-pos)], pos)
		if n == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				return start, nil
			}
			return start, err
		}
		chunk := buf[:n]
		pos += int64(n)
		for {
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				carry = appendCarry(carry, chunk)
				break
			}
			line := chunk[:i]
			if len(carry) > 0 {
				carry = appendCarry(carry, line)
				line = carry
			}
			next := pos - int64(len(chunk)) + int64(i) + 1
			e, k := Parse(line)
			if len(line) > MaxLine { // whether it came in one read or more
				k = Damaged
			}
			carry = carry[:0]
			start = next
			if !fn(e, k, next) {
				return start, nil
			}
			chunk = chunk[i+1:]
		}
	}
	return start, nil
}

// appendCarry keeps at most MaxLine+1 bytes of a line: longer ones are
// damaged whatever follows.
func appendCarry(carry, b []byte) []byte {
	if room := MaxLine + 1 - len(carry); room > 0 {
		carry = append(carry, b[:min(len(b), room)]...)
	}
	return carry
}
