package server

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Bounds of a tail: the records it keeps, and their encoded bytes.
const (
	tailRecords = 1024
	tailBytes   = 4 << 20
)

// errBehind is a watch's position before the records a tail keeps.
var errBehind = errors.New("server: before the tail")

// tail keeps the last records of one log as encoded "record" events,
// shared by the log's watches: each new record is read from the backend
// and encoded once for all of them, however many watch. It holds the
// events of the versions from end-len(evs) to end-1.
type tail struct {
	mu    sync.Mutex
	evs   [][]byte
	end   uint64
	bytes int
	ch    <-chan struct{} // the log's change signal taken before the last read
}

// current reports whether the log has not changed since the tail's last
// read.
func (t *tail) current() bool {
	if t.ch == nil {
		return false
	}
	select {
	case <-t.ch:
		return false
	default:
		return true
	}
}

// since returns the events of the versions from next on, up to the head
// as of the call (or some fewer, within the tail's bounds), reading what
// it lacks from l while the watches of the log wait for it. It returns
// errBehind when next is before the records it keeps and the watch must
// read l itself. The events returned must not be modified.
func (t *tail) since(ctx context.Context, l adapter.Log, next uint64) ([][]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	start := t.end - uint64(len(t.evs))
	switch {
	case next < start && len(t.evs) > 0:
		return nil, errBehind
	case next < start: // nothing kept: keep from next on
		t.end, t.ch = next, nil
	case next < t.end:
		return t.evs[next-start:], nil
	case next > t.end: // ahead of what was kept: keep from next on
		t.evs, t.end, t.bytes, t.ch = nil, next, 0, nil
	case t.current():
		return nil, nil
	}
	t.ch = l.Changed()
	n := 0
	for rec, err := range l.Read(ctx, t.end) {
		if err != nil {
			t.ch = nil
			return nil, err
		}
		b, err := json.Marshal(wire.FromCodec(&rec))
		if err != nil {
			return nil, err
		}
		ev := encodeEvent(strconv.FormatUint(rec.Version, 10), b)
		t.evs, t.end, t.bytes = append(t.evs, ev), rec.Version+1, t.bytes+len(ev)
		if n++; n == tailRecords {
			t.ch = nil // more may follow
			break
		}
	}
	for len(t.evs) > 1 && (len(t.evs) > tailRecords || t.bytes > tailBytes) {
		t.bytes -= len(t.evs[0])
		t.evs = t.evs[1:] // watches may be reading the array: never write into it
	}
	start = t.end - uint64(len(t.evs))
	if next < start {
		return nil, errBehind
	}
	return t.evs[next-start:], nil
}

// encodeEvent returns the bytes of one "record" event.
func encodeEvent(id string, data []byte) []byte {
	b := make([]byte, 0, len(id)+len(data)+32)
	b = append(b, "id: "...)
	b = append(b, id...)
	b = append(b, "\nevent: "+wire.EventRecord+"\ndata: "...)
	b = append(b, data...)
	return append(b, "\n\n"...)
}
