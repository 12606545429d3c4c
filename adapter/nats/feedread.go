package nats

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// feedReader reads the change feed from one stream sequence on.
type feedReader struct {
	a      *Adapter
	filter string // every stream's subject: the prefix and a wildcard
	seq    uint64 // stream sequence to read from
	target uint64 // the leader's last sequence when the read began

	cur   sealstream.Change // the change being gathered, if Position > 0
	subj  string            // its subject
	nonce string            // the Nats-Msg-Id prefix of its records' append
}

// run yields the changes from r.seq on. Pages come from direct gets; when
// one ends short of the target (a lagging replica answered), the next
// message comes from the leader and direct gets resume after it. A change
// is held until the message after it shows it complete, across pages.
func (r *feedReader) run(ctx context.Context, yield func(sealstream.Change, error) bool) {
	a := r.a
	for {
		if err := ctx.Err(); err != nil {
			yield(sealstream.Change{}, err)
			return
		}
		if a.isClosed() {
			yield(sealstream.Change{}, fmt.Errorf("nats: change feed: %w", sealstream.ErrClosed))
			return
		}
		var (
			msgs []stored
			more bool
		)
		err := a.retry(ctx, func(ctx context.Context) (err error) {
			msgs, more, err = a.direct(ctx, r.filter, r.seq)
			return err
		})
		if err != nil {
			yield(sealstream.Change{}, a.feedErr(ctx, err))
			return
		}
		for _, m := range msgs {
			if !r.take(m, yield) {
				return
			}
		}
		if more && len(msgs) > 0 {
			continue
		}
		if r.seq > r.target {
			break
		}
		m, err := a.leaderGet(ctx, msgGet{Seq: r.seq, NextFor: r.filter})
		if err != nil {
			yield(sealstream.Change{}, a.feedErr(ctx, err))
			return
		}
		if m == nil {
			break
		}
		if !r.take(*m, yield) {
			return
		}
	}
	if r.cur.Position > 0 {
		yield(r.cur, nil)
	}
}

// take adds one message to the change being gathered, or yields that
// change and starts the next. Records of one append share the prefix of
// their Nats-Msg-Id and have consecutive versions; a record without a
// message ID (not written by this adapter) is a change of its own. It
// reports whether reading should go on.
func (r *feedReader) take(m stored, yield func(sealstream.Change, error) bool) bool {
	r.seq = max(r.seq, m.seq+1)
	id, ok := r.a.streamOf(m.subject)
	if !ok {
		return true // not a stream's subject
	}
	v, err := codec.VersionOf(m.data)
	if err != nil {
		if r.cur.Position > 0 && !yield(r.cur, nil) {
			return false
		}
		r.cur = sealstream.Change{}
		yield(sealstream.Change{}, fmt.Errorf("nats: change feed: stream %q, sequence %d: %w", id, m.seq, err))
		return false
	}
	nonce := appendNonce(m.header.Get(jetstream.MsgIDHeader), v)
	c := &r.cur
	if c.Position > 0 && nonce != "" && nonce == r.nonce && m.subject == r.subj && v == c.To+1 {
		c.To, c.Position = v, m.seq
		return true
	}
	if c.Position > 0 && !yield(*c, nil) {
		return false
	}
	*c = sealstream.Change{Position: m.seq, Stream: id, From: v, To: v}
	r.subj, r.nonce = m.subject, nonce
	return true
}

// appendNonce returns the part of the Nats-Msg-Id of the record at
// version v that names the Append call that wrote it (the ID is the
// call's nonce, a dash and v), or "" if the ID is not of that form.
func appendNonce(msgID string, v uint64) string {
	nonce, ok := strings.CutSuffix(msgID, "-"+strconv.FormatUint(v, 10))
	if !ok {
		return ""
	}
	return nonce
}
