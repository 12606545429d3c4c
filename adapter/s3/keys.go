package s3

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// MaxStreamIDLen bounds a stream ID in bytes, as the stream package does.
const MaxStreamIDLen = 256

// maxNameLen bounds a keyset blob name in bytes.
const maxNameLen = 256

// chunkLen is the length of the pieces an encoded name is cut into: every
// piece becomes one component of a key, and file-backed servers (such as
// versitygw's posix backend) keep each component as a file name, which
// most file systems bound to 255 bytes.
const chunkLen = 200

// Namespaces under the adapter's prefix, and the suffixes that end an
// encoded name (no encoded name holds a '.', so a suffixed component never
// equals a piece of a longer name).
const (
	indexDir   = "i/" // one empty object per stream: the listing
	streamDir  = "s/" // a directory per stream: commits, segments, hint
	blobDir    = "k/" // keyset blobs
	streamMark = ".s"
	blobMark   = ".b"
)

// encodeName maps s to a string of a-z, 0-9, '-', '_' and escapes: every
// other byte becomes %XX (upper-case hex), '%' included, so distinct names
// never share an encoding, and the encoding of a prefix of s is a prefix
// of the encoding of s. No '.', '/' or upper-case letter gets through, so
// no piece of it can be ".", ".." or a path, and names stay apart on
// case-insensitive file systems. The encoding is cut into pieces of
// chunkLen bytes joined by '/'.
func encodeName(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	n := 0
	put := func(c byte) {
		if n > 0 && n%chunkLen == 0 {
			b.WriteByte('/')
		}
		b.WriteByte(c)
		n++
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			put(c)
			continue
		}
		put('%')
		put(hex[c>>4])
		put(hex[c&15])
	}
	return b.String()
}

// decodeName reverses encodeName; ok is false for anything encodeName
// does not produce.
func decodeName(enc string) (string, bool) {
	flat := strings.ReplaceAll(enc, "/", "")
	var b strings.Builder
	for i := 0; i < len(flat); i++ {
		c := flat[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_':
			b.WriteByte(c)
		case c == '%' && i+2 < len(flat) && isHex(flat[i+1]) && isHex(flat[i+2]):
			b.WriteByte(unhex(flat[i+1])<<4 | unhex(flat[i+2]))
			i += 2
		default:
			return "", false
		}
	}
	if encodeName(b.String()) != enc {
		return "", false // a needless escape, a misplaced '/'
	}
	return b.String(), true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// checkStreamID refuses what the stream package calls invalid: empty, over
// MaxStreamIDLen bytes, not UTF-8, control characters.
func checkStreamID(id string) error {
	if id == "" || len(id) > MaxStreamIDLen || !utf8.ValidString(id) || strings.ContainsFunc(id, unicode.IsControl) {
		return fmt.Errorf("s3: stream ID of %d bytes: %w (1 to %d bytes of printable UTF-8)",
			len(id), sealstream.ErrInvalidStreamID, MaxStreamIDLen)
	}
	return nil
}

// streamKeys are the keys of one stream under an adapter's prefix.
type streamKeys struct {
	index string // the stream's index object
	dir   string // prefix of every object of the stream
}

func keysFor(prefix, streamID string) streamKeys {
	enc := encodeName(streamID)
	return streamKeys{
		index: prefix + indexDir + enc + streamMark,
		dir:   prefix + streamDir + enc + streamMark + "/",
	}
}

// commit is the key of commit n: zero-padded, so keys sort by number.
func (k streamKeys) commit(n uint64) string { return fmt.Sprintf("%sc/%020d", k.dir, n) }

// segment is the key of the segment holding commits first to last.
func (k streamKeys) segment(first, last uint64) string {
	return fmt.Sprintf("%sg/%020d-%020d", k.dir, first, last)
}

// hint is the key of the head hint.
func (k streamKeys) hint() string { return k.dir + "head" }

// StreamKey returns the key prefix under which an adapter whose URL has
// the given prefix (the URL's path, such as "events/") keeps every object
// of streamID, for operators' tools (aws s3 ls, lifecycle rules). An ID
// the adapter refuses returns an error matching
// [sealstream.ErrInvalidStreamID].
func StreamKey(prefix, streamID string) (string, error) {
	p, err := cleanPrefix(prefix)
	if err != nil {
		return "", err
	}
	if err := checkStreamID(streamID); err != nil {
		return "", err
	}
	return keysFor(p, streamID).dir, nil
}
