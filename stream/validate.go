package stream

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Limits on the plaintext fields of streams and events.
const (
	MaxStreamIDLen = 256                  // bytes of a stream ID
	MaxIDLen       = codec.MaxIDLen       // bytes of an event ID
	MaxTypeLen     = codec.MaxTypeLen     // bytes of an event type
	MaxMetadataLen = codec.MaxMetadataLen // bytes of an event's metadata, keys and values
	// MaxEventSizeLimit bounds Config.MaxEventSize: a sealed payload must
	// stay within what the record codec accepts.
	MaxEventSizeLimit = codec.MaxFieldSize - 1<<20
)

// Times are stored as Unix nanoseconds, which span these years.
var (
	minTime = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC)
)

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func validStreamID(id string) error {
	if id == "" || len(id) > MaxStreamIDLen || !printable(id) {
		return fmt.Errorf("stream: stream ID of %d bytes: %w (1 to %d bytes of printable UTF-8)", len(id), sealstream.ErrInvalidStreamID, MaxStreamIDLen)
	}
	return nil
}

// SnapshotPrefix starts the IDs of the logs that hold a stream's snapshots
// (see [Snapshots]), which live in the same storage as the streams. Stream
// IDs that start with it are reserved: [Open] and [Store.Erase] refuse
// them with [sealstream.ErrInvalidStreamID], and [Store.Streams] does not
// list them. A snapshot log's ID is the prefix, the hex SHA-256 of the
// stream ID, a '/' and 32 hex digits of the SHA-256 of the snapshot name:
// 107 bytes of printable ASCII, which every adapter accepts.
const SnapshotPrefix = "$snapshot/"

// reserved reports whether id is a snapshot log's ID rather than a stream's.
func reserved(id string) bool { return strings.HasPrefix(id, SnapshotPrefix) }

// validUserStreamID checks a stream ID given by a caller: valid, and not
// reserved.
func validUserStreamID(id string) error {
	if err := validStreamID(id); err != nil {
		return err
	}
	if reserved(id) {
		return fmt.Errorf("stream: stream IDs starting with %q are reserved for snapshot logs: %w", SnapshotPrefix, sealstream.ErrInvalidStreamID)
	}
	return nil
}

// validEvent checks e, the i-th event of a batch, against the limits. Its
// messages name fields and sizes, never values of Data.
func (h *handle) validEvent(i int, e *sealstream.Event) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("stream %q: event %d: %s: %w", h.id, i, fmt.Sprintf(format, args...), sealstream.ErrInvalidEvent)
	}
	switch {
	case e.Type == "":
		return bad("empty type")
	case len(e.Type) > MaxTypeLen || !printable(e.Type):
		return bad("type must be 1 to %d bytes of printable UTF-8", MaxTypeLen)
	case len(e.ID) > MaxIDLen || !printable(e.ID):
		return bad("ID must be up to %d bytes of printable UTF-8", MaxIDLen)
	case !e.Time.IsZero() && (e.Time.Before(minTime) || e.Time.After(maxTime)):
		return bad("time must lie between years 1678 and 2261")
	case len(e.Data) > h.store.cfg.MaxEventSize:
		return fmt.Errorf("stream %q: event %d: data of %d bytes is over the %d limit: %w",
			h.id, i, len(e.Data), h.store.cfg.MaxEventSize, sealstream.ErrTooLarge)
	}
	n := 0
	for k, v := range e.Metadata {
		n += len(k) + len(v)
		if k == "" || !printable(k) || !utf8.ValidString(v) {
			return bad("metadata keys must be non-empty printable UTF-8, values UTF-8")
		}
	}
	if n > MaxMetadataLen {
		return bad("metadata of %d bytes is over the %d limit", n, MaxMetadataLen)
	}
	return nil
}
