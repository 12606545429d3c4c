package file

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// maxPlain bounds the length of a stream ID used as a file name as is.
const maxPlain = 64

// fileName maps a stream ID to the name of its file in the adapter's
// directory. A plain ID (1 to 64 bytes of a-z, 0-9, '_' and '-', not
// starting with '-', not a Windows device name) is used as is:
// "user-1" → "user-1.jsonl". Any other ID becomes "h.<hex SHA-256>.jsonl".
// Plain names hold no '.', so the two kinds never collide, and lower case
// only keeps distinct IDs apart on case-insensitive file systems. The ID
// never reaches the file system otherwise: no separator, "..", NUL or
// absolute path can get through.
func fileName(streamID string) (string, error) {
	if streamID == "" || len(streamID) > maxStreamID || !utf8.ValidString(streamID) {
		return "", fmt.Errorf("file: stream ID of %d bytes is empty, longer than %d or not UTF-8: %w",
			len(streamID), maxStreamID, sealstream.ErrInvalidStreamID)
	}
	if plain(streamID) {
		return streamID + ".jsonl", nil
	}
	sum := sha256.Sum256([]byte(streamID))
	return "h." + hex.EncodeToString(sum[:]) + ".jsonl", nil
}

func plain(id string) bool {
	if len(id) > maxPlain || id[0] == '-' || windowsDevice(id) {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// windowsDevice reports names Windows reserves whatever their extension.
func windowsDevice(id string) bool {
	switch id {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(id) == 4 && (id[:3] == "com" || id[:3] == "lpt") && id[3] >= '0' && id[3] <= '9' {
		return true
	}
	return false
}
