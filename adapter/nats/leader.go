package nats

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Header the adapter adds to each record: the encoded bytes of the stream
// up to and including this record, so that Head can report a stream's size
// from its last message alone.
const bytesHeader = "Sealstream-Bytes"

// msgGet is a request of the JetStream message get API.
type msgGet struct {
	Seq     uint64 `json:"seq,omitempty"`
	LastFor string `json:"last_by_subj,omitempty"`
	NextFor string `json:"next_by_subj,omitempty"`
}

// stored is one message as the message get API returns it.
type stored struct {
	seq     uint64
	subject string
	header  natsgo.Header
	data    []byte
}

// leaderGet asks the stream leader, and only the leader, for one message.
// Unlike a direct get, which any replica may answer, the leader has applied
// every write it acknowledged, so the answer is never stale. It returns nil
// when no message matches.
func (a *Adapter) leaderGet(ctx context.Context, req msgGet) (*stored, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	var out *stored
	err = a.retry(ctx, func(ctx context.Context) error {
		resp, err := a.nc.RequestWithContext(ctx, "$JS.API.STREAM.MSG.GET."+a.o.Stream, body)
		if err != nil {
			return err
		}
		var r struct {
			Error   *jetstream.APIError `json:"error,omitempty"`
			Message *struct {
				Seq     uint64 `json:"seq"`
				Subject string `json:"subject"`
				Header  []byte `json:"hdrs,omitempty"`
				Data    []byte `json:"data,omitempty"`
			} `json:"message,omitempty"`
		}
		if err := json.Unmarshal(resp.Data, &r); err != nil {
			return fmt.Errorf("nats: message get: %w", err)
		}
		switch {
		case r.Error != nil && r.Error.ErrorCode == codeNotFound:
			out = nil
			return nil
		case r.Error != nil:
			return r.Error
		case r.Message == nil:
			return jetstream.ErrInvalidJetStreamResponse
		}
		out = &stored{seq: r.Message.Seq, subject: r.Message.Subject, data: r.Message.Data, header: natsgo.Header{}}
		if len(r.Message.Header) > 0 {
			if out.header, err = natsgo.DecodeHeadersMsg(r.Message.Header); err != nil {
				return fmt.Errorf("nats: message %d headers: %w", r.Message.Seq, err)
			}
		}
		return nil
	})
	return out, err
}

// decode returns the record in a stored message of stream id.
func decode(id string, seq uint64, data []byte) (codec.Record, error) {
	var r codec.Record
	if err := r.UnmarshalBinary(data); err != nil {
		return codec.Record{}, fmt.Errorf("nats: stream %q, sequence %d: %w", id, seq, err)
	}
	return r, nil
}

// refresh reads the head of the stream from the leader and caches it.
func (l *log) refresh(ctx context.Context) (tip, error) {
	m, err := l.a.leaderGet(ctx, msgGet{LastFor: l.sh.subject})
	if err != nil || m == nil {
		return tip{}, err
	}
	rec, err := decode(l.sh.id, m.seq, m.data)
	if err != nil {
		return tip{}, err
	}
	t := tip{mark: mark{rec.Version, m.seq}, last: rec}
	if t.bytes, err = strconv.ParseUint(m.header.Get(bytesHeader), 10, 64); err != nil {
		return tip{}, fmt.Errorf("nats: stream %q, version %d, sequence %d: bad %s header: %w",
			l.sh.id, rec.Version, m.seq, bytesHeader, sealstream.ErrCorrupt)
	}
	l.sh.setTip(t)
	return t, nil
}

// tipAt returns the head when it is at version expect: from the cache when
// it is there, else from the leader. Any other head is
// [sealstream.ErrConflict].
func (l *log) tipAt(ctx context.Context, expect uint64) (tip, error) {
	if t, ok := l.sh.cachedTip(); ok && t.version == expect {
		return t, nil
	}
	t, err := l.refresh(ctx)
	if err != nil {
		return tip{}, err
	}
	if t.version != expect {
		return tip{}, l.conflict(t.version)
	}
	return t, nil
}

func (l *log) conflict(head uint64) error {
	return fmt.Errorf("head is %d: %w", head, sealstream.ErrConflict)
}
