package idtable

import "errors"

// Entry is one record as the table sees it.
type Entry struct {
	ID      string
	Version uint64
}

// Mark is how far a table covers its log: the version, and 24 bits of the
// hash of the event ID found there (see [Table.Check]). A mark is one
// word of the header, so it is never seen half written.
type Mark struct {
	Version uint64
	Check   uint64
}

var (
	// ErrInvalid is a file that is not a table of the stream, or that
	// was cut short or damaged under the mapping.
	ErrInvalid = errors.New("idtable: not a valid table")
	// ErrRetired is a table that another process replaced or removed.
	ErrRetired = errors.New("idtable: table replaced")
	// ErrGap is an Add that does not start just after the table's mark.
	ErrGap = errors.New("idtable: entries do not follow the mark")
)
