package envelope

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/sealstream/sealstream"
)

// parsed is a recipient envelope split into its parts.
type parsed struct {
	mode   byte
	hdr    []byte // version, mode and recipient table
	slots  map[string][]byte
	writer string
	core   []byte // hdr and writer: what the data key's AEAD binds
	sig    []byte
	tag    []byte
	ct     []byte // nonce, ciphertext and tag of the payload
}

// Recipients returns the sorted IDs of the recipients of envelope env.
func Recipients(env []byte) ([]string, error) {
	p, err := parse(env)
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(p.slots)), nil
}

func parse(env []byte) (parsed, error) {
	bad := fmt.Errorf("recipient envelope: %w", sealstream.ErrDecrypt)
	mode, err := Mode(env)
	if err != nil {
		return parsed{}, err
	}
	if mode != ModeOne && mode != ModeMany {
		return parsed{}, bad
	}
	n, w := binary.Uvarint(env[2:])
	if w <= 0 || n == 0 || n > MaxRecipients || (mode == ModeOne) != (n == 1) || n > uint64(len(env)-2-w)/2 {
		return parsed{}, bad
	}
	p := parsed{mode: mode, slots: make(map[string][]byte, n)}
	rest := env[2+w:]
	for range n {
		var id, wrap []byte
		var ok bool
		if id, rest, ok = cutLV(rest); !ok {
			return parsed{}, bad
		}
		if wrap, rest, ok = cutLV(rest); !ok || p.slots[string(id)] != nil {
			return parsed{}, bad
		}
		p.slots[string(id)] = wrap
	}
	p.hdr = env[:len(env)-len(rest)]
	var writer []byte
	var ok bool
	if writer, rest, ok = cutLV(rest); !ok {
		return parsed{}, bad
	}
	p.writer, p.core = string(writer), env[:len(env)-len(rest)]
	if p.sig, rest, ok = cutLV(rest); !ok {
		return parsed{}, bad
	}
	if p.tag, p.ct, ok = cutLV(rest); !ok {
		return parsed{}, bad
	}
	return p, nil
}

// cutLV splits b into a length-prefixed field and the rest.
func cutLV(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}
