package nats

import (
	"context"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// outcome is what the leader says about an append whose result was lost.
type outcome int

const (
	unknown outcome = iota // the leader could not be asked
	nothing                // nothing is stored after the expected head
	ours                   // this call's first message follows the expected head
	theirs                 // another writer's message does
)

// resolve asks the leader which message, if any, follows the expected head
// t. Because an atomic batch lands whole, finding this call's first message
// there means the whole append landed. It runs even when ctx has ended, for
// at most one Timeout, so that a canceled append still learns its fate.
func (l *log) resolve(ctx context.Context, t tip, first *natsgo.Msg) outcome {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.a.o.Timeout)
	defer cancel()
	m, err := l.a.leaderGet(ctx, msgGet{Seq: t.seq + 1, NextFor: l.sh.subject})
	switch {
	case err != nil:
		return unknown
	case m == nil:
		return nothing
	case m.header.Get(jetstream.MsgIDHeader) == first.Header.Get(jetstream.MsgIDHeader):
		l.sh.note(t.version+1, m.seq)
		return ours
	}
	return theirs
}
