package nats

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"github.com/synadia-io/orbit.go/jetstreamext"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Append publishes recs after version expect, all or nothing.
//
// The first message carries Nats-Expected-Last-Subject-Sequence: the
// stream sequence of the record at version expect (0 for an empty stream),
// so the server refuses the append if anything was appended since. Several
// records go as one JetStream atomic batch, committed whole or not at all.
// Each message carries a Nats-Msg-Id unique to this call, so a publish
// retried after a lost acknowledgement is deduplicated by the server and
// recognised as this call's own write.
//
// Errors: [sealstream.ErrConflict] when the head is not expect;
// [sealstream.ErrTooLarge] for a record over the server's message size or
// more records than Options.MaxBatch; [sealstream.ErrIntegrity] for records
// not numbered expect+1, expect+2, …; [sealstream.ErrClosed] after Close.
// Any other error (a timeout after RetryFor, a canceled context) leaves the
// outcome unknown: the append may still land, and a retry by event ID is
// the stream package's business.
func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer l.sh.appending()() // an Erase waits for this append
	if err := l.check("append"); err != nil {
		return err
	}
	msgs, err := l.encode(expect, recs)
	if err != nil {
		return err
	}
	t, err := l.tipAt(ctx, expect)
	if err != nil || len(msgs) == 0 {
		return l.wrapAppend(expect, err)
	}
	stamp(msgs, t)
	return l.wrapAppend(expect, l.publish(ctx, t, msgs, recs[len(recs)-1]))
}

// encode checks recs and turns them into messages.
func (l *log) encode(expect uint64, recs []codec.Record) ([]*natsgo.Msg, error) {
	if len(recs) > l.a.o.MaxBatch {
		return nil, fmt.Errorf("nats: append of %d records to %q is over the batch limit of %d: %w",
			len(recs), l.sh.id, l.a.o.MaxBatch, sealstream.ErrTooLarge)
	}
	nonce := nuid.Next()
	msgs := make([]*natsgo.Msg, len(recs))
	for i := range recs {
		v := expect + uint64(i) + 1
		if recs[i].Version != v {
			return nil, fmt.Errorf("nats: append to %q: record %d has version %d, want %d: %w",
				l.sh.id, i, recs[i].Version, v, sealstream.ErrIntegrity)
		}
		data, err := recs[i].MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("nats: append to %q, version %d: %w", l.sh.id, v, err)
		}
		if len(data) > l.a.maxData {
			return nil, fmt.Errorf("nats: append to %q, version %d: record of %d bytes is over %d: %w",
				l.sh.id, v, len(data), l.a.maxData, sealstream.ErrTooLarge)
		}
		m := natsgo.NewMsg(l.sh.subject)
		m.Data = data
		m.Header.Set(jetstream.MsgIDHeader, nonce+"-"+strconv.FormatUint(v, 10))
		m.Header.Set(jetstream.ExpectedStreamHeader, l.a.o.Stream)
		msgs[i] = m
	}
	return msgs, nil
}

// stamp sets the expected head on the first message and the running byte
// count on each.
func stamp(msgs []*natsgo.Msg, t tip) {
	msgs[0].Header.Set(jetstream.ExpectedLastSubjSeqHeader, strconv.FormatUint(t.seq, 10))
	total := t.bytes
	for _, m := range msgs {
		total += uint64(len(m.Data))
		m.Header.Set(bytesHeader, strconv.FormatUint(total, 10))
	}
}

// publish sends msgs until they land, are refused, or the retry window
// ends. After any refusal or failure it asks the leader what follows the
// expected head (see resolve): this call's first message means success,
// another writer's a conflict (and the cached head is refreshed), nothing
// a retry. The server also answers
// "wrong last sequence" while another write to the subject is in flight,
// which is why a refusal alone is not taken for a conflict.
//
// A batch the server abandons (it reports "incomplete") is retried too: a
// leader change in the middle of a batch does that. But a batch whose
// message the server refuses (an operator lowered a limit) is abandoned
// the same way, so after maxIncomplete such answers the append fails.
func (l *log) publish(ctx context.Context, t tip, msgs []*natsgo.Msg, last codec.Record) error {
	deadline := time.Now().Add(l.a.o.RetryFor)
	incomplete, unknown := 0, false
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		seq, err := l.publishOnce(ctx, msgs)
		if err == nil {
			l.landed(t, msgs, seq, last)
			return nil
		}
		if isCode(err, codeBatchDuplicate) { // its IDs are this call's: an earlier attempt landed
			l.sh.signal.Notify()
			return nil
		}
		k := classify(err)
		unknown = unknown || k == transient
		switch k {
		case tooLarge:
			return fmt.Errorf("%w: %w", sealstream.ErrTooLarge, err)
		case closed:
			return fmt.Errorf("%w: %w", sealstream.ErrClosed, err)
		case permanent:
			return err
		}
		switch l.resolve(ctx, t, msgs[0]) {
		case ours:
			l.sh.signal.Notify()
			return nil
		case theirs:
			if now, rerr := l.refresh(ctx); rerr == nil {
				return fmt.Errorf("%w: %w", l.conflict(now.version), err)
			}
			return fmt.Errorf("%w: %w", sealstream.ErrConflict, err)
		}
		if isCode(err, codeBatchIncomplete) {
			if incomplete++; incomplete == maxIncomplete {
				return fmt.Errorf("batch abandoned by the server %d times: %w", incomplete, err)
			}
		}
		if ctx.Err() != nil || time.Now().After(deadline) || !sleep(ctx, wait) {
			if k == mismatch && !unknown { // no attempt of this call can have landed
				return fmt.Errorf("%w: %w", sealstream.ErrConflict, err)
			}
			return fmt.Errorf("outcome unknown, may still land: %w", err)
		}
	}
}

// publishOnce makes one attempt and returns the sequence of the last
// message. A duplicate acknowledgement can only answer a retry of this
// call, whose message IDs are its own, so it counts as success.
func (l *log) publishOnce(ctx context.Context, msgs []*natsgo.Msg) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, l.a.o.Timeout)
	defer cancel()
	var seq uint64
	if len(msgs) == 1 {
		ack, err := l.a.js.PublishMsg(ctx, msgs[0])
		if err != nil {
			return 0, err
		}
		seq = ack.Sequence
	} else {
		ack, err := jetstreamext.PublishMsgBatch(ctx, l.a.js, msgs,
			jetstreamext.BatchFlowControl{AckFirst: true, AckTimeout: l.a.o.Timeout})
		if err != nil {
			return 0, err
		}
		seq = ack.Sequence
	}
	if h := l.a.hooks.lostAck; h != nil && h() {
		return 0, natsgo.ErrTimeout
	}
	return seq, nil
}

// landed caches the new head and wakes local watchers.
func (l *log) landed(t tip, msgs []*natsgo.Msg, seq uint64, last codec.Record) {
	n := len(msgs)
	bytes, _ := strconv.ParseUint(msgs[n-1].Header.Get(bytesHeader), 10, 64)
	l.sh.setTip(tip{mark: mark{last.Version, seq}, bytes: bytes, last: last})
	l.sh.signal.Notify()
}

func (l *log) wrapAppend(expect uint64, err error) error {
	if err == nil {
		return nil
	}
	if classify(err) == closed && !errors.Is(err, sealstream.ErrClosed) {
		err = fmt.Errorf("%w: %w", sealstream.ErrClosed, err)
	}
	return fmt.Errorf("nats: append to %q at version %d: %w", l.sh.id, expect, err)
}
