package adapter

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream/codec"
)

// Adapter opens the logs of one storage location (a URL).
type Adapter interface {
	// Open returns the log of the stream with the given ID, creating it
	// empty if it does not exist. The ID has been validated by the caller
	// but may still hold any printable character: adapters must map it to
	// storage safely.
	Open(ctx context.Context, streamID string) (Log, error)
	// Streams yields the IDs of the streams stored at this location whose
	// IDs start with prefix ("" for all), each once, in no promised order
	// (each adapter says which order it gives), stopping at the first
	// error, which it yields with an empty ID; breaking out of the loop
	// stops it at once. Each adapter says when a stream starts to count:
	// once it holds a record, or once its file or row exists. A canceled
	// ctx yields ctx's error; after Close, an error matching
	// [sealstream.ErrClosed].
	Streams(ctx context.Context, prefix string) iter.Seq2[string, error]
	// Erase removes the stream's log for good (records, files, rows,
	// messages), irreversibly. Logs of it open in this adapter are closed
	// first: later calls on them return [sealstream.ErrClosed], and their
	// Changed channels are closed. It waits for an append in flight on
	// them, so that none lands after Erase returns. Erasing a stream that
	// does not exist is no error. Opening the stream again gives an empty
	// log. After Close it returns an error matching [sealstream.ErrClosed].
	Erase(ctx context.Context, streamID string) error
	// Close releases the adapter. Logs opened from it are closed too.
	Close() error
}

// Log is the append-only record log of one stream. All methods are safe
// for concurrent use.
type Log interface {
	// Append adds recs after the record at version expect, atomically: all
	// or none. recs carry versions expect+1, expect+2, … in order. If the
	// head is not expect, Append returns an error matching
	// [sealstream.ErrConflict] and stores nothing. When Append returns nil
	// the records are as durable as the adapter promises. The adapter may
	// keep recs and the slices in them: the caller must not modify them.
	Append(ctx context.Context, expect uint64, recs []codec.Record) error
	// Read yields the records with versions from, from+1, … up to the head
	// as of the call or later, in order. A from of 0 reads from 1. Read
	// stops at the first error, which it yields with a zero record; a
	// decode failure matches [sealstream.ErrCorrupt]. Yielded records must
	// not be modified.
	Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error]
	// Head reports the current head.
	Head(ctx context.Context) (Head, error)
	// Changed returns a channel that is closed after the next change to the
	// log following the call, including appends by other handles or
	// processes where the adapter can see them. A watcher takes the
	// channel, reads to the head, then waits on it: no change is missed.
	// The channel may also be closed spuriously.
	Changed() <-chan struct{}
	// Close releases the log; later calls return [sealstream.ErrClosed].
	Close() error
}

// Head describes the end of a log.
type Head struct {
	Version uint64       // version of the last record; 0 when empty
	Last    codec.Record // the last record; zero when empty
	File    string       // backing file, if any
	Bytes   int64        // bytes of storage the log occupies
}
