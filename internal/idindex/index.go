package idindex

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Entry is one record as the index sees it.
type Entry struct {
	ID      string
	Version uint64
}

// Source yields the log's entries from version from on, in order.
type Source func(ctx context.Context, from uint64) iter.Seq2[Entry, error]

// Index is the index file of one stream. It is not safe for concurrent
// use: callers serialize its methods within a process; the file lock
// serializes processes.
type Index struct {
	path   string
	stream string
	fs     FS
	chunk  int
}

// FS opens and removes the index file: the os package, or a directory
// such as an [os.Root] that confines the names.
type FS interface {
	OpenFile(name string, flag int, perm os.FileMode) (*os.File, error)
	Remove(name string) error
}

// New returns the index kept at path for streamID, in fs. Nothing is read
// or created until it is used.
func New(fs FS, path, streamID string) *Index {
	return &Index{path: path, stream: streamID, fs: fs, chunk: 4096}
}

var (
	bucketIDs  = []byte("ids")
	bucketMark = []byte("mark")
	keyStream  = []byte("stream")
	keyVersion = []byte("version")
	keyID      = []byte("id")
)

// open opens the index file, waiting for another process using it while
// ctx allows.
func (x *Index) open(ctx context.Context, f **os.File) (*bolt.DB, error) {
	openFile := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		var err error
		*f, err = x.fs.OpenFile(name, flag, perm)
		return *f, err
	}
	for {
		db, err := bolt.Open(x.path, 0o600, &bolt.Options{
			Timeout:      time.Millisecond, // then retried below, watching ctx
			FreelistType: bolt.FreelistMapType,
			OpenFile:     openFile,
		})
		switch {
		case errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrChecksum), errors.Is(err, bolt.ErrVersionMismatch):
			return nil, fmt.Errorf("%w: %w", err, errDamaged)
		case !errors.Is(err, bolt.ErrTimeout):
			return db, err
		}
		select { // bbolt gives up at once: wait a little before trying again
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
}

// errDamaged marks an index file that cannot be read: it is removed and
// built again.
var errDamaged = errors.New("damaged index file")

// Mark is how far the index covers the log: the version of the last
// record indexed and its event ID.
type Mark struct {
	Version uint64
	ID      string
}

// mark reads the index's mark; a mark for another stream reads as ok false.
func (x *Index) mark(tx *bolt.Tx) (m Mark, ok bool) {
	b := tx.Bucket(bucketMark)
	if b == nil || string(b.Get(keyStream)) != x.stream {
		return Mark{}, false
	}
	v := b.Get(keyVersion)
	if len(v) != 8 {
		return Mark{}, false
	}
	return Mark{Version: binary.BigEndian.Uint64(v), ID: string(b.Get(keyID))}, true
}

func version(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// wrap names the index file in err.
func (x *Index) wrap(op string, err error) error {
	return fmt.Errorf("event ID index %s: %s: %w", x.path, op, err)
}
