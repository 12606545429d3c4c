package stream

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// A snapshot is one record of the snapshot log: type snapshotType,
// metadata naming the version it covers and its codec, Prev the chain hash
// of the stream's record at that version, and as payload the encoded state
// sealed like an event ("all" mode under the stream's keys) with snapAD as
// associated data. In a plaintext store the payload is a plain envelope of
// codec.HashAD(snapAD, state) followed by the state, so the same fields
// are bound (against mistakes: without keys nothing stops a forger).
const (
	snapshotType = "snapshot"
	metaVersion  = "version"
	metaCodec    = "codec"
	snapDomain   = "sealstream/v1/snapshot"
)

// snapAD returns the associated data of a snapshot of stream id at version
// v, whose record there hashes to hash. Its domain differs from the one
// that starts every record's AD, so no snapshot opens as an event and no
// event as a snapshot.
func snapAD(id, name, codecName string, v uint64, hash []byte) []byte {
	ad := codec.AppendLV(nil, []byte(snapDomain))
	ad = codec.AppendLV(ad, []byte(id))
	ad = codec.AppendLV(ad, []byte(name))
	ad = codec.AppendLV(ad, []byte(codecName))
	ad = binary.BigEndian.AppendUint64(ad, v)
	return codec.AppendLV(ad, hash)
}

// pending is a snapshot taken during a read, waiting to be written.
type pending struct {
	v     uint64
	hash  []byte // chain hash of the record at v
	state []byte // encoded
}

// seal returns the snapshot record of p for stream h, at version next of
// the snapshot log.
func (sn *snapshots[S]) seal(ctx context.Context, h *handle, p *pending, next uint64) (codec.Record, error) {
	ad := snapAD(h.id, sn.name, sn.codec.Name(), p.v, p.hash)
	a, err := h.aead(ctx, false)
	if err != nil {
		return codec.Record{}, err
	}
	var payload []byte
	if a == nil {
		payload = envelope.Plain(append(codec.HashAD(ad, p.state), p.state...))
	} else if payload, err = envelope.Seal(a, p.state, ad); err != nil {
		return codec.Record{}, err
	}
	return codec.Record{
		Version:  next,
		ID:       newID(),
		Type:     snapshotType,
		Time:     time.Now().UnixNano(),
		Metadata: map[string]string{metaVersion: strconv.FormatUint(p.v, 10), metaCodec: sn.codec.Name()},
		Prev:     p.hash,
		Payload:  payload,
	}, nil
}

// open returns the encoded state of the snapshot env, whose associated
// data is ad: an "all" envelope under the stream's keys (fetched by o,
// which the read then uses for its events), or in a plaintext store a
// plain one whose digest matches.
func (sn *snapshots[S]) open(ctx context.Context, o *opener, env, ad []byte) ([]byte, error) {
	mode, err := envelope.Mode(env)
	if err != nil {
		return nil, err
	}
	switch {
	case mode == envelope.ModeAll:
		var pt []byte
		err := o.withStreamKey(ctx, func(a tink.AEAD) (err error) {
			pt, err = envelope.Open(a, env, ad, false)
			return err
		})
		return pt, err
	case mode == envelope.ModePlain && o.h.store.cfg.Keys == nil && len(env) >= 2+codec.HashSize:
		sum, state := env[2:2+codec.HashSize], env[2+codec.HashSize:]
		if bytes.Equal(sum, codec.HashAD(ad, state)) {
			return bytes.Clone(state), nil
		}
	}
	return nil, fmt.Errorf("snapshot envelope: %w", sealstream.ErrDecrypt)
}
