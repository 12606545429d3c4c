package codec

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
)

const domainAD = "sealstream/v1/record"

// AppendLV appends uvarint(len(b)) followed by b. Length-prefixing every
// field makes concatenations unambiguous.
func AppendLV(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

func appendLVString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// AppendMetadata appends the canonical bytes of m: the pair count, then each
// key and value length-prefixed, keys in byte order. Nil and empty maps
// encode alike.
func AppendMetadata(dst []byte, m map[string]string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(m)))
	switch len(m) {
	case 0:
		return dst
	case 1:
		for k, v := range m {
			return appendLVString(appendLVString(dst, k), v)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		dst = appendLVString(appendLVString(dst, k), m[k])
	}
	return dst
}

// AD appends to dst the canonical bytes of everything in r but its payload,
// bound to streamID. Distinct (streamID, record) pairs give distinct bytes.
func AD(dst []byte, streamID string, r *Record) []byte {
	dst = appendLVString(dst, domainAD)
	dst = appendLVString(dst, streamID)
	dst = binary.BigEndian.AppendUint64(dst, r.Version)
	dst = appendLVString(dst, r.ID)
	dst = appendLVString(dst, r.Type)
	dst = binary.BigEndian.AppendUint64(dst, uint64(r.Time))
	dst = AppendMetadata(dst, r.Metadata)
	return AppendLV(dst, r.Prev)
}

// Hash returns the SHA-256 of r's canonical bytes and payload: the value the
// next record carries in Prev.
func Hash(streamID string, r *Record) []byte {
	var buf [512]byte
	return HashAD(AD(buf[:0], streamID, r), r.Payload)
}

// HashAD returns Hash of a record from its AD bytes and payload, for callers
// that already built the AD.
func HashAD(ad, payload []byte) []byte {
	var h Hasher
	return h.Sum(make([]byte, 0, HashSize), ad, payload)
}

// Hasher computes record hashes like [HashAD], reusing one scratch buffer:
// it allocates nothing per record. It is not safe for concurrent use.
type Hasher struct{ buf []byte }

// Sum appends to dst the hash of the record with AD bytes ad and payload.
func (c *Hasher) Sum(dst, ad, payload []byte) []byte {
	c.buf = AppendLV(append(c.buf[:0], ad...), payload)
	sum := sha256.Sum256(c.buf)
	return append(dst, sum[:]...)
}
