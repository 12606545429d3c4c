package postgres

import "github.com/sealstream/sealstream/codec"

// Metadata is stored as its canonical bytes ([codec.AppendMetadata]), which
// round-trip any map of strings exactly, whatever bytes the strings hold.

func encodeMetadata(m map[string]string) []byte { return codec.AppendMetadata(nil, m) }

// decodeMetadata reverses encodeMetadata, with the codec's bounds on
// counts and sizes. Malformed bytes return an error matching
// [sealstream.ErrCorrupt].
func decodeMetadata(b []byte) (map[string]string, error) { return codec.DecodeMetadata(b) }
