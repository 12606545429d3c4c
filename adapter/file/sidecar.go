package file

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// sidecarSuffixes are the suffixes of the files derived from a stream
// file and kept beside it: "<file>.idx", the offset sidecar, and
// "<file>.ids", the event-ID index. Erase removes them with the stream,
// and Streams never lists them.
var sidecarSuffixes = []string{sideSuffix, idsSuffix}

// isSidecar reports whether name is a sidecar of some stream file.
func isSidecar(name string) bool {
	for _, suffix := range sidecarSuffixes {
		if strings.HasSuffix(name, ".jsonl"+suffix) {
			return true
		}
	}
	return false
}

// The offset sidecar "<file>.idx" holds a header of sideHeader bytes, then
// a dense array of little-endian uint64: entry v-1 is the offset of the
// line of version v. The header, all little-endian:
//
//	0   8  magic "sealidx\x01"
//	8   8  the first 8 bytes of the SHA-256 of the stream ID
//	16  8  N, the records the sidecar covers (they end a batch)
//	24  8  E, the offset just past line N
//	32  4  CRC32C of line N, without its newline
//	36 24  zero
//	60  4  CRC32C of bytes 0-59, seeded like the stream's lines
//
// It is derived data, written under the writer lock, entries first: see
// save and loadSidecar.
const (
	sideSuffix   = ".idx"
	sideMagic    = "sealidx\x01"
	sideHeader   = 64
	sideChunk    = 4096 // entries read or written at a time
	maxSideEntry = 1 << 62
)

// sideHead is the decoded header of an offset sidecar.
type sideHead struct {
	n, e    uint64
	lineCRC uint32
}

// sideID is the stream's mark in the sidecar header.
func sideID(streamID string) [8]byte {
	sum := sha256.Sum256([]byte(streamID))
	return [8]byte(sum[:8])
}

// encodeSide returns the sidecar header of h for the stream of s.
func (s *stream) encodeSide(h sideHead) []byte {
	b := make([]byte, sideHeader)
	copy(b, sideMagic)
	id := sideID(s.id)
	copy(b[8:], id[:])
	binary.LittleEndian.PutUint64(b[16:], h.n)
	binary.LittleEndian.PutUint64(b[24:], h.e)
	binary.LittleEndian.PutUint32(b[32:], h.lineCRC)
	binary.LittleEndian.PutUint32(b[60:], crc32.Update(s.codec.seed, castagnoli, b[:60]))
	return b
}

// decodeSide checks a sidecar header and decodes it; ok is false for a
// header of another format or stream, or a damaged one.
func (s *stream) decodeSide(b []byte) (h sideHead, ok bool) {
	id := sideID(s.id)
	switch {
	case len(b) != sideHeader, string(b[:8]) != sideMagic, string(b[8:16]) != string(id[:]),
		binary.LittleEndian.Uint32(b[60:]) != crc32.Update(s.codec.seed, castagnoli, b[:60]):
		return h, false
	}
	for _, c := range b[36:60] {
		if c != 0 {
			return h, false
		}
	}
	h = sideHead{n: binary.LittleEndian.Uint64(b[16:]), e: binary.LittleEndian.Uint64(b[24:]),
		lineCRC: binary.LittleEndian.Uint32(b[32:])}
	return h, h.n > 0 && h.n < maxSideEntry && h.e < maxSideEntry
}

// entryAt is the offset in the sidecar of the entry of version v.
func entryAt(v uint64) int64 { return sideHeader + 8*int64(v-1) }

// openSide opens the offset sidecar for reading, or for writing (creating
// it) if write is set. A missing sidecar gives fs.ErrNotExist; running out
// of descriptors gives an error of the stream, which the caller returns
// rather than falling back to a full scan, like every other open of the
// adapter (see the package doc, # Descriptors).
func (s *stream) openSide(write bool) (*os.File, error) {
	flag := os.O_RDONLY
	if write {
		flag = os.O_RDWR | os.O_CREATE
	}
	f, err := s.a.fs.root.OpenFile(s.name+sideSuffix, flag, 0o600)
	if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
		return nil, s.ioErr("open "+s.name+sideSuffix, err)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		err = errSidecar
	}
	return f, err
}

// errSidecar marks a sidecar that cannot be used: missing, unreadable,
// damaged, stale beyond repair or of another stream. It is never returned
// to callers: the stream is indexed from its file instead.
var errSidecar = errors.New("offset sidecar unusable")
