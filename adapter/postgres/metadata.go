package postgres

import (
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Metadata is stored as its canonical bytes ([codec.AppendMetadata]), which
// round-trip any map of strings exactly, whatever bytes the strings hold.

func encodeMetadata(m map[string]string) []byte { return codec.AppendMetadata(nil, m) }

// decodeMetadata reverses encodeMetadata. Malformed bytes return an error
// matching [sealstream.ErrCorrupt].
func decodeMetadata(b []byte) (map[string]string, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return nil, corruptMetadata("pair count")
	}
	b = b[w:]
	var m map[string]string
	if n > 0 {
		m = make(map[string]string, n)
	}
	for range n {
		var k, v string
		var ok bool
		if k, b, ok = lv(b); !ok {
			return nil, corruptMetadata("key")
		}
		if v, b, ok = lv(b); !ok {
			return nil, corruptMetadata("value")
		}
		m[k] = v
	}
	switch {
	case uint64(len(m)) != n:
		return nil, corruptMetadata("repeated key")
	case len(b) != 0:
		return nil, corruptMetadata("trailing bytes")
	}
	return m, nil
}

func lv(b []byte) (string, []byte, bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return "", nil, false
	}
	end := w + int(n)
	return string(b[w:end]), b[end:], true
}

func corruptMetadata(what string) error {
	return fmt.Errorf("metadata: bad %s: %w", what, sealstream.ErrCorrupt)
}
