package nats

import (
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/sealstream/sealstream"
)

// MaxStreamIDBytes bounds the stream IDs this adapter maps to subjects. A
// longer ID gets [sealstream.ErrInvalidStreamID]: the encoded subject has to
// fit in a NATS protocol line together with the API prefixes around it.
const MaxStreamIDBytes = 512

// token encodes a stream ID as a single subject token: unpadded base32 with
// the extended hex alphabet (0-9, A-V). Any byte string, printable or not,
// maps to letters and digits only, so an ID can never add a token separator
// ('.') or a wildcard ('*', '>') to a subject, and distinct IDs never share
// a token.
var token = base32.HexEncoding.WithPadding(base32.NoPadding)

// subjectFor returns the subject that holds the records of streamID.
func subjectFor(prefix, streamID string) (string, error) {
	if streamID == "" {
		return "", fmt.Errorf("nats: empty stream ID: %w", sealstream.ErrInvalidStreamID)
	}
	if len(streamID) > MaxStreamIDBytes {
		return "", fmt.Errorf("nats: stream ID of %d bytes is over %d: %w",
			len(streamID), MaxStreamIDBytes, sealstream.ErrInvalidStreamID)
	}
	return prefix + "." + token.EncodeToString([]byte(streamID)), nil
}

// validName reports whether s is usable as a JetStream stream name.
func validName(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n.*>/\\") && printable(s)
}

// validPrefix reports whether s is a literal subject: dot-separated
// non-empty tokens without wildcards or whitespace.
func validPrefix(s string) bool {
	if s == "" || !printable(s) || strings.ContainsAny(s, " \t\r\n*>") {
		return false
	}
	for tok := range strings.SplitSeq(s, ".") {
		if tok == "" {
			return false
		}
	}
	return true
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x21 || r == 0x7f {
			return false
		}
	}
	return true
}
