package file

import (
	"time"

	"github.com/sealstream/sealstream/adapter"
)

// Defaults used when Options (or one of its fields) is left zero.
const (
	// DefaultPollInterval is how often an adapter checks the size of its
	// open files, as a fallback to file-system notifications.
	DefaultPollInterval = 100 * time.Millisecond
	// DefaultMaxLineSize bounds one line of a stream file: 2 MiB of payload
	// after base64, plus room for the other fields.
	DefaultMaxLineSize = 2<<20 + 64<<10
	// DefaultIndexEvery is how many records past its offset sidecar a
	// stream indexes in memory before a writer brings the sidecar up to
	// date (see the package doc, # Files).
	DefaultIndexEvery = 1 << 16
)

// Options tunes an Adapter. A nil *Options means the defaults.
type Options struct {
	// PollInterval is the period of the fallback check that notices appends
	// by other processes when file-system notifications are missed or
	// disabled. Zero means DefaultPollInterval; a negative value disables
	// polling.
	PollInterval time.Duration
	// MaxLineSize bounds the length in bytes of one line (one record),
	// without its newline. Appending a longer record fails with an error
	// matching [sealstream.ErrTooLarge]; a longer line found in a file is an
	// error matching [sealstream.ErrCorrupt], detected without reading more
	// than MaxLineSize+1 bytes of it. Zero means DefaultMaxLineSize.
	MaxLineSize int
	// IndexEvery is how many records a stream may hold past its offset
	// sidecar ("<file>.idx") before the append that brings them there
	// also brings the sidecar up to date, under the writer lock. Close and
	// Open bring it up to date when IndexEvery/64 records (at least one)
	// are past it, or Open found it unusable, if the writer lock is free.
	// Zero means DefaultIndexEvery; a negative value turns the sidecar
	// off: it is neither read nor written, and every Open indexes the
	// whole file.
	IndexEvery int
	// DisableNotify turns off fsnotify, leaving polling alone to notice
	// appends by other processes.
	DisableNotify bool
	// OnRecover, if set, is called after a torn tail (an unfinished batch
	// or a torn final line), or a failed batch the adapter held, was cut
	// from a stream file. It must not call back into the adapter.
	OnRecover func(Recovery)
	// OnFeedError, if set, is called when bringing the change feed up to
	// date after a crash failed (see the package doc, # Change feed); the
	// next adapter to open the directory tries again. It must not call
	// back into the adapter.
	OnFeedError func(error)
	// Fault, if set, is called before every write, fsync, truncate,
	// rename and removal the adapter makes, to test failure handling. A
	// non-nil error fails the operation with that error; for OpWrite the
	// first keep bytes are written first, modelling a torn write. It must not call back into
	// the adapter: it runs inside an Append, which Close waits for. Leave
	// it nil in production.
	Fault func(op Op, name string, n int) (keep int, err error)
}

// Recovery describes a torn tail cut from a stream file when it was opened
// or caught up by a writer, or the batch of a failed append that could not
// be cut at once and was cut later. It is [adapter.Recovery], so that the
// stream package can pass it on without depending on this package.
type Recovery = adapter.Recovery

// Op names a file operation reported to Options.Fault.
type Op int

// The operations reported to Options.Fault.
const (
	OpWrite    Op = iota + 1 // write to a file (n is the byte count)
	OpSync                   // fsync of a file
	OpSyncDir                // fsync of a directory: "." (the adapter's), or "changes.live" (and "." if new)
	OpTruncate               // truncate of a file (n is the new size, capped)
	OpRename                 // rename of a new file into place
	OpRemove                 // removal of a file by Erase
)

func (o Op) String() string {
	switch o {
	case OpWrite:
		return "write"
	case OpSync:
		return "sync"
	case OpSyncDir:
		return "syncdir"
	case OpTruncate:
		return "truncate"
	case OpRename:
		return "rename"
	case OpRemove:
		return "remove"
	}
	return "op?"
}

func (o *Options) withDefaults() Options {
	var out Options
	if o != nil {
		out = *o
	}
	if out.PollInterval == 0 {
		out.PollInterval = DefaultPollInterval
	}
	if out.MaxLineSize <= 0 {
		out.MaxLineSize = DefaultMaxLineSize
	}
	if out.IndexEvery == 0 {
		out.IndexEvery = DefaultIndexEvery
	}
	return out
}

// closeMin is how many records past the sidecar make Close and Open
// write it; 0 when the sidecar is off.
func (o *Options) closeMin() int {
	if o.IndexEvery < 0 {
		return 0
	}
	return max(o.IndexEvery/64, 1)
}
