package s3

import "github.com/sealstream/sealstream/codec"

// EncodeCommit, DecodeCommit, EncodeSegment and DecodeSegment expose the
// object formats to the fuzz tests; EncodeName and DecodeName the key
// encoding.
func EncodeCommit(n, first uint64, prevTotal int64, recs []codec.Record) ([]byte, error) {
	return encodeCommit(n, first, prevTotal, recs)
}

func DecodeCommit(n uint64, b []byte) (first uint64, total int64, recs []codec.Record, err error) {
	c, err := decodeCommit("fuzz", n, b)
	if err != nil {
		return 0, 0, nil, err
	}
	return c.first, c.total, c.recs, nil
}

func EncodeSegment(objects [][]byte, first uint64) ([]byte, error) {
	cs := make([]*commit, len(objects))
	for i, b := range objects {
		c, err := decodeCommit("fuzz", first+uint64(i), b)
		if err != nil {
			return nil, err
		}
		cs[i] = c
	}
	return encodeSegment(cs), nil
}

func DecodeSegment(first, last uint64, b []byte) (int, error) {
	cs, err := decodeSegment("fuzz", first, last, b)
	return len(cs), err
}

var (
	EncodeName = encodeName
	DecodeName = decodeName
)
