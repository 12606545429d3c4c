package file

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// The line of one record, with no whitespace and the fields in this order:
//
//	{"f":1,"v":7,"more":0,"id":"e7","type":"Moved","time":1767323045000000007,
//	 "meta":{"city":"Lyon"},"prev":"<base64>","data":"<base64>","crc":"89abcdef"}
//
// f is the format version, v the record version, more the batch marker:
// how many records of the same append follow this one (0 on the last line
// of a batch), time Unix nanoseconds, meta the plaintext metadata with
// keys in byte order, prev and data standard base64 with padding, and crc
// the CRC32C (Castagnoli), in 8 lowercase hex digits, of every byte before
// `,"crc"`, seeded with the stream ID so that a line copied from another
// stream's file fails it.
const (
	linePrefix = `{"f":1,"v":`
	moreField  = `,"more":`
	crcField   = `,"crc":"`
	crcSuffix  = len(crcField) + 8 + 2 // ,"crc":"89abcdef"}
	// minLine is the length of a line with empty strings, metadata and
	// base64 fields and one-digit numbers, no newline: a lower bound used
	// to refuse oversized records before encoding them.
	minLine = 96
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// LineCodec encodes records as the lines of one stream's file and decodes
// them back. It is safe for concurrent use.
//
// The codec is written by hand rather than with encoding/json on purpose:
// replaying a stream decodes every line, and a general JSON decoder
// (reflection, any field order, any escape, any nesting) runs near 125,000
// records/s on a small machine where this one-pass parser of a single fixed
// shape aims at millions. The fixed shape also makes it strict for free:
// one field order, no whitespace, no unknown or repeated field, no nesting
// past the metadata object, one spelling for every string, number and
// base64 value, so that every accepted line re-encodes to the same bytes.
type LineCodec struct {
	seed uint32
	max  int
}

// NewLineCodec returns the codec of the stream streamID, refusing lines
// longer than maxLineSize bytes (DefaultMaxLineSize if maxLineSize <= 0).
func NewLineCodec(streamID string, maxLineSize int) *LineCodec {
	if maxLineSize <= 0 {
		maxLineSize = DefaultMaxLineSize
	}
	var n [binary.MaxVarintLen64]byte
	seed := crc32.Update(0, castagnoli, n[:binary.PutUvarint(n[:], uint64(len(streamID)))])
	seed = crc32.Update(seed, castagnoli, []byte(streamID))
	return &LineCodec{seed: seed, max: maxLineSize}
}

// AppendLine appends the line of r, newline included, to dst; more is its
// batch marker, the number of records of the same append written after it
// (0 for the last or only one). A record whose line would be longer than
// the codec's limit gives an error matching [sealstream.ErrTooLarge]; an
// ID, type or metadata that is not valid UTF-8 gives one matching
// [sealstream.ErrInvalidEvent]. On error dst is returned unchanged.
func (c *LineCodec) AppendLine(dst []byte, r *codec.Record, more uint64) ([]byte, error) {
	out, err := c.appendLine(dst, r, more)
	if err != nil {
		return dst, fmt.Errorf("file: %w", err)
	}
	return out, nil
}

// appendLine is AppendLine with errors left for the caller to prefix.
func (c *LineCodec) appendLine(dst []byte, r *codec.Record, more uint64) ([]byte, error) {
	if est := minLine + len(r.ID) + len(r.Type) + base64.StdEncoding.EncodedLen(len(r.Prev)) +
		base64.StdEncoding.EncodedLen(len(r.Payload)); est > c.max {
		return dst, c.tooLarge(r, est)
	}
	start := len(dst)
	dst = append(dst, linePrefix...)
	dst = strconv.AppendUint(dst, r.Version, 10)
	dst = append(dst, moreField...)
	dst = strconv.AppendUint(dst, more, 10)
	dst = append(dst, `,"id":`...)
	dst, ok := appendString(dst, r.ID)
	dst = append(dst, `,"type":`...)
	dst, ok2 := appendString(dst, r.Type)
	dst = append(dst, `,"time":`...)
	dst = strconv.AppendInt(dst, r.Time, 10)
	dst = append(dst, `,"meta":{`...)
	dst, ok3 := appendMeta(dst, r.Metadata)
	dst = append(dst, `},"prev":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, r.Prev)
	dst = append(dst, `","data":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, r.Payload)
	dst = append(dst, '"')
	if !ok || !ok2 || !ok3 {
		return dst[:start], fmt.Errorf("record %d: ID, type or metadata is not valid UTF-8: %w",
			r.Version, sealstream.ErrInvalidEvent)
	}
	dst = appendCRC(dst, crc32.Update(c.seed, castagnoli, dst[start:]))
	if n := len(dst) - start; n > c.max {
		return dst[:start], c.tooLarge(r, n)
	}
	return append(dst, '\n'), nil
}

func (c *LineCodec) tooLarge(r *codec.Record, n int) error {
	return fmt.Errorf("record %d: line of about %d bytes is over the limit of %d: %w",
		r.Version, n, c.max, sealstream.ErrTooLarge)
}

func appendCRC(dst []byte, sum uint32) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, crcField...)
	for shift := 28; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[sum>>uint(shift)&0xf])
	}
	return append(dst, '"', '}')
}

func appendMeta(dst []byte, m map[string]string) ([]byte, bool) {
	var arr [16]string
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	ok := true
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		var okk, okv bool
		dst, okk = appendString(dst, k)
		dst = append(dst, ':')
		dst, okv = appendString(dst, m[k])
		ok = ok && okk && okv
	}
	return dst, ok
}

// appendString appends s as a JSON string in its one canonical spelling:
// only '"', '\\' and control characters are escaped, with the short
// escapes where JSON has them and \u00xx otherwise. It reports false if s
// is not valid UTF-8.
func appendString(dst []byte, s string) ([]byte, bool) {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return dst, false
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), true
}
