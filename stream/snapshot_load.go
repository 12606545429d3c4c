package stream

import (
	"bytes"
	"context"
	"errors"
	"strconv"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// base is where a default read starts: the newest valid snapshot, or the
// stream's start.
type base[S any] struct {
	at   Versioned[S]
	hash []byte // chain hash of the record at at.Version; nil at the start
	head uint64 // the log's head when the read started
	ok   bool   // head is known: the read may write snapshots
}

// load returns the base of a default read of s. It never fails: a
// snapshot that is missing, unreadable or fails any check is ignored, and
// the read replays the log from the start.
func (sn *snapshots[S]) load(ctx context.Context, s *Stream[S], o *opener) base[S] {
	b := base[S]{at: s.Start()}
	hd, err := s.h.log().Head(ctx)
	if err != nil {
		return b
	}
	b.head, b.ok = hd.Version, true
	l, err := sn.log(ctx, s.h.store)
	if err != nil {
		return b
	}
	last, err := l.Head(ctx)
	if err != nil || last.Version == 0 {
		return b
	}
	if at, hash, ok := sn.check(ctx, s.h, o, &last.Last, &hd); ok {
		b.at, b.hash = at, hash
	}
	return b
}

// check opens the snapshot rec against the stream's log, whose head is
// hd: it must cover a version v no later than the head, carry the chain
// hash of the log's record at v, open under the stream's keys with its
// associated data (stream, name, codec, v, that hash) and decode.
func (sn *snapshots[S]) check(ctx context.Context, h *handle, o *opener, rec *codec.Record, hd *adapter.Head) (Versioned[S], []byte, bool) {
	var none Versioned[S]
	v, err := strconv.ParseUint(rec.Metadata[metaVersion], 10, 64)
	if err != nil || v == 0 || v > hd.Version || rec.Type != snapshotType || rec.Metadata[metaCodec] != sn.codec.Name() {
		return none, nil, false
	}
	at := hd.Last
	if v < hd.Version {
		if at, err = recordAt(ctx, h.log(), v); err != nil {
			return none, nil, false
		}
	}
	hash := codec.Hash(h.id, &at)
	if !bytes.Equal(hash, rec.Prev) {
		return none, nil, false
	}
	data, err := sn.open(ctx, o, rec.Payload, snapAD(h.id, sn.name, sn.codec.Name(), v, hash))
	if err != nil {
		return none, nil, false
	}
	state, err := sn.codec.Decode(data)
	if err != nil {
		return none, nil, false
	}
	return Versioned[S]{State: state, Version: v}, hash, true
}

var errNoRecord = errors.New("no record at that version")

// recordAt returns the record at version v of l.
func recordAt(ctx context.Context, l adapter.Log, v uint64) (codec.Record, error) {
	for r, err := range l.Read(ctx, v) {
		if err == nil && r.Version != v {
			break
		}
		return r, err
	}
	return codec.Record{}, errNoRecord
}
