package postgres

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// Defaults of [Options].
const (
	DefaultPollInterval  = time.Second
	DefaultPageSize      = 256
	DefaultMaxRecordSize = 16 << 20
)

// MaxStreamIDLen bounds a stream ID in bytes.
const MaxStreamIDLen = 1024

// maxSchemaLen is PostgreSQL's identifier limit (NAMEDATALEN-1): longer
// names would be truncated silently.
const maxSchemaLen = 63

// Options tunes an adapter. The zero value gives the defaults.
type Options struct {
	// Schema is the PostgreSQL schema that holds the tables, created if
	// missing. Empty: the URL's "schema" parameter, else the connection's
	// current schema (the first existing one on its search_path).
	Schema string
	// PollInterval is how often the listener polls the heads of open
	// streams, a fallback for lost notifications, and fires FeedChanged: a
	// change held back by a running transaction shows when that ends,
	// which sends no notification. Default 1s.
	PollInterval time.Duration
	// PageSize is the number of records Read fetches per query, of IDs
	// Streams lists per query and of changes Changes reads per query.
	// Default 256.
	PageSize int
	// MaxRecordSize bounds a record's size ([codec.Record.Size]) on Append.
	// Default 16 MiB.
	MaxRecordSize int
}

func (o Options) withDefaults() Options {
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.MaxRecordSize <= 0 {
		o.MaxRecordSize = DefaultMaxRecordSize
	}
	return o
}

// checkStreamID refuses what PostgreSQL text cannot hold or what the
// stream layer calls invalid: empty, over MaxStreamIDLen bytes, invalid
// UTF-8, control characters (NUL among them).
func checkStreamID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("postgres: empty stream ID: %w", sealstream.ErrInvalidStreamID)
	case len(id) > MaxStreamIDLen:
		return fmt.Errorf("postgres: stream ID of %d bytes is over the %d limit: %w", len(id), MaxStreamIDLen, sealstream.ErrInvalidStreamID)
	case !utf8.ValidString(id):
		return fmt.Errorf("postgres: stream ID %q is not UTF-8: %w", id, sealstream.ErrInvalidStreamID)
	case strings.ContainsFunc(id, unicode.IsControl):
		return fmt.Errorf("postgres: stream ID %q holds a control character: %w", id, sealstream.ErrInvalidStreamID)
	}
	return nil
}

// checkText refuses event IDs and types that PostgreSQL text cannot hold.
func checkText(streamID string, version uint64, field, s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("postgres: stream %q version %d: %s is not UTF-8 text without NUL: %w",
			streamID, version, field, sealstream.ErrInvalidEvent)
	}
	return nil
}

func checkSchema(s string) error {
	if s == "" || len(s) > maxSchemaLen || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return fmt.Errorf("postgres: schema name must be 1 to %d bytes of UTF-8 without NUL", maxSchemaLen)
	}
	return nil
}
