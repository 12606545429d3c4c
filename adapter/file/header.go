package file

import (
	"fmt"
	"hash/crc32"

	"github.com/sealstream/sealstream"
)

// The first line of every stream file names the format and the stream, so
// that a file can be checked to belong to the stream that opens it (stream
// IDs that are not plain file names are hashed):
//
//	{"sealstream":"file","f":1,"stream":"user-1","crc":"01234567"}
//
// Its checksum is a plain CRC32C of the bytes before `,"crc"`.
const headerPrefix = `{"sealstream":"file","f":1,"stream":`

// maxStreamID bounds the length of a stream ID in bytes.
const maxStreamID = 1024

// maxHeader bounds the length of a header line: the longest ID, every byte
// escaped as \u00xx.
const maxHeader = len(headerPrefix) + 2 + 6*maxStreamID + crcSuffix

func appendHeader(dst []byte, streamID string) ([]byte, error) {
	start := len(dst)
	dst = append(dst, headerPrefix...)
	dst, ok := appendString(dst, streamID)
	if !ok || len(streamID) == 0 || len(streamID) > maxStreamID {
		return dst[:start], fmt.Errorf("file: stream ID of %d bytes is empty, too long or not UTF-8: %w",
			len(streamID), sealstream.ErrInvalidStreamID)
	}
	dst = appendCRC(dst, crc32.Update(0, castagnoli, dst[start:]))
	return append(dst, '\n'), nil
}

// parseHeader returns the stream ID named by a header line, without its
// newline.
func parseHeader(line []byte) (string, *lineError) {
	c := LineCodec{max: maxHeader}
	body, e := c.verify(line, 0)
	if e != nil {
		return "", e
	}
	p := parser{b: body}
	p.lit(headerPrefix)
	id := string(p.str())
	if p.err == nil && p.i != len(p.b) {
		p.fail("trailing bytes")
	}
	return id, p.err
}
