package stream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

// snapshots is the snapshot setting of one Stream and its hold on the
// snapshot log, a log of the same store whose ID is derived from the
// stream's ID and the snapshot name (snapshotLogID). The log is acquired
// from the store on first use, shared like any stream's, and released by
// Stream.Close.
type snapshots[S any] struct {
	name  string
	every uint64
	codec SnapshotCodec[S]
	logID string

	mu     sync.Mutex
	h      *handle // the snapshot log, once acquired
	closed bool
}

// snapshotLogID returns the ID of the log holding the snapshots named name
// of stream id; snapshotLogPrefix(id) starts those of every name.
func snapshotLogID(id, name string) string {
	sum := sha256.Sum256([]byte(name))
	return snapshotLogPrefix(id) + hex.EncodeToString(sum[:16])
}

func snapshotLogPrefix(id string) string {
	sum := sha256.Sum256([]byte(id))
	return SnapshotPrefix + hex.EncodeToString(sum[:]) + "/"
}

// log returns the snapshot log, acquiring it on first use.
func (sn *snapshots[S]) log(ctx context.Context, st *Store) (adapter.Log, error) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.closed {
		return nil, sealstream.ErrClosed
	}
	if sn.h == nil {
		h, err := st.acquire(ctx, sn.logID)
		if err != nil {
			return nil, err
		}
		sn.h = h
	}
	return sn.h.log(), nil
}

// broken marks the snapshot log unusable after a failed write, so that it
// is closed rather than kept warm once released.
func (sn *snapshots[S]) broken() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.h != nil {
		sn.h.logs.broken.Store(true)
	}
}

// close releases the snapshot log.
func (sn *snapshots[S]) close(st *Store) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	sn.closed = true
	if sn.h != nil {
		st.release(sn.h)
		sn.h = nil
	}
}

// snapshotRead reports whether a read with opts may start from a snapshot:
// one with no [From] (unless anyFrom: Follow ignores it), [Where] or [As],
// and not [RequireAccess] ([SkipUnreadable], the default, and [Extends],
// which only Verify uses, change nothing). Snapshots are folds of the
// default read; any other read replays the log.
func snapshotRead(opts []ReadOption, anyFrom bool) bool {
	var rc readConfig
	rc.skip = true
	for _, o := range opts {
		o(&rc)
	}
	return (rc.from == 0 || anyFrom) && len(rc.types) == 0 && len(rc.meta) == 0 && rc.as == "" && rc.skip
}

// startOf reports whether from is the stream's start: version 0 with a
// state that encodes like the initial state.
func (s *Stream[S]) startOf(from Versioned[S]) bool {
	if from.Version != 0 {
		return false
	}
	a, err := s.snap.codec.Encode(from.State)
	if err != nil {
		return false
	}
	b, err := s.snap.codec.Encode(s.init)
	return err == nil && bytes.Equal(a, b)
}
