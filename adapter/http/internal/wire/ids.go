package wire

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// MaxStreamIDLen bounds a stream ID in bytes, as the stream package does.
const MaxStreamIDLen = 256

// MaxNameLen bounds a keyset blob name in bytes.
const MaxNameLen = 1024

// CheckStreamID refuses what the stream package calls an invalid stream
// ID: empty, over MaxStreamIDLen bytes, not UTF-8 or holding a control
// character, with an error matching [sealstream.ErrInvalidStreamID].
func CheckStreamID(id string) error {
	ok := id != "" && len(id) <= MaxStreamIDLen && utf8.ValidString(id)
	for _, r := range id {
		ok = ok && !unicode.IsControl(r)
	}
	if !ok {
		return fmt.Errorf("stream ID of %d bytes: %w (1 to %d bytes of printable UTF-8)",
			len(id), sealstream.ErrInvalidStreamID, MaxStreamIDLen)
	}
	return nil
}

// CheckName refuses an empty blob name or one over MaxNameLen bytes, with
// an error matching [sealstream.ErrInvalidArgument].
func CheckName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("keyset blob name of %d bytes, want 1 to %d: %w", len(name), MaxNameLen, sealstream.ErrInvalidArgument)
	}
	return nil
}
