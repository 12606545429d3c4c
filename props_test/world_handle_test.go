package props_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// request is one operation on a handle of the world model. The same
// requests drive handles in this process and, as JSON lines, in the
// second process.
type request struct {
	Op     string             `json:"op"` // open, append, read, state, verify, metrics, reopen, restart, close
	ID     string             `json:"id,omitempty"`
	Events []sealstream.Event `json:"events,omitempty"`
	Expect *uint64            `json:"expect,omitempty"`
	To     bool               `json:"to,omitempty"` // seal to a recipient instead of the stream keyset
}

// reply is a handle's answer: a version (append, metrics), events (read,
// state) and the kind of error, "" for none (see errKind).
type reply struct {
	V      uint64  `json:"v"`
	Events []event `json:"events,omitempty"`
	Err    string  `json:"err,omitempty"`
}

// handler is one handle on the stream under test: a Stream of its own
// Store, in this process or in another one.
type handler interface {
	do(ctx context.Context, q request) reply
}

// errKind names an error so that it can cross a process boundary.
func errKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, sealstream.ErrIDConflict): // before ErrConflict, which it matches too
		return "idconflict"
	case errors.Is(err, sealstream.ErrConflict):
		return "conflict"
	case errors.Is(err, sealstream.ErrShredded):
		return "shredded"
	case errors.Is(err, sealstream.ErrNoKey):
		return "nokey"
	case errors.Is(err, sealstream.ErrClosed):
		return "closed"
	}
	return "other:" + err.Error()
}

// local is a handle in this process: its own Store, made by newStore, and
// a stream of it. It is not safe for concurrent use.
type local struct {
	newStore func() (*stream.Store, error)
	to       keyset.Recipient
	id       string
	st       *stream.Store
	s        *stream.Stream[[]event]
}

func (l *local) do(ctx context.Context, q request) reply {
	if l.s == nil && q.Op != "open" && q.Op != "close" {
		return reply{Err: "other:no stream is open"}
	}
	switch q.Op {
	case "open":
		l.closeStream()
		l.id = q.ID
		return l.open(ctx)
	case "append":
		var opts []stream.AppendOption
		if q.Expect != nil {
			opts = append(opts, stream.ExpectVersion(*q.Expect))
		}
		if q.To {
			opts = append(opts, stream.To(l.to))
		}
		v, err := l.s.Append(ctx, q.Events, opts...)
		return reply{V: v, Err: errKind(err)}
	case "read":
		es, err := history(l.s)
		r := reply{Err: errKind(err)}
		for _, e := range es {
			r.Events = append(r.Events, summary(e))
		}
		return r
	case "state":
		es, err := l.s.State(ctx)
		return reply{Events: es, Err: errKind(err)}
	case "verify":
		return reply{Err: errKind(l.s.Verify(ctx))}
	case "metrics":
		m, err := l.s.Metrics(ctx)
		return reply{V: m.Version, Err: errKind(err)}
	case "reopen":
		l.closeStream()
		return l.open(ctx)
	case "restart":
		l.shutdown()
		return l.open(ctx)
	case "close":
		l.closeStream()
		return reply{}
	}
	return reply{Err: fmt.Sprintf("other:unknown operation %q", q.Op)}
}

// open opens the stream l.id, and a store first if l has none.
func (l *local) open(ctx context.Context) reply {
	if l.st == nil {
		st, err := l.newStore()
		if err != nil {
			return reply{Err: "other:store: " + err.Error()}
		}
		l.st = st
	}
	s, err := stream.Open(ctx, l.st, l.id, record, nil)
	if err != nil {
		return reply{Err: errKind(err)}
	}
	l.s = s
	return reply{}
}

func (l *local) closeStream() {
	if l.s != nil {
		_ = l.s.Close()
		l.s = nil
	}
}

// shutdown closes the stream and the store.
func (l *local) shutdown() {
	l.closeStream()
	if l.st != nil {
		_ = l.st.Close()
		l.st = nil
	}
}

// recipient returns the public half of a fresh identity, for appends
// sealed to a recipient.
func recipient() (keyset.Recipient, error) {
	id, err := keyset.NewIdentity("alice")
	if err != nil {
		return keyset.Recipient{}, err
	}
	return id.Recipient()
}
