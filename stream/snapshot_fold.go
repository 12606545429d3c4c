package stream

import (
	"bytes"
	"context"
	"errors"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// pass is one State of a stream with snapshots (a default read): it folds
// the events after its base, takes a snapshot at the version due, and
// writes it.
type pass[S any] struct {
	s    *Stream[S]
	sn   *snapshots[S]
	c    *cursor
	o    *opener
	cur  Versioned[S] // the state after the last record walked
	last uint64       // version of the newest snapshot known
	head uint64       // the log's head at the start
	ok   bool         // snapshots may be written
	due  *pending     // a snapshot taken, not yet written
}

// newPass starts a default read of s with opener o from its newest valid
// snapshot.
func (sn *snapshots[S]) newPass(ctx context.Context, s *Stream[S], o *opener) *pass[S] {
	b := sn.load(ctx, s, o)
	c := s.h.cursor(1)
	if b.hash != nil { // primed: the next record must chain to the snapshot's
		c = &cursor{h: s.h, next: b.at.Version + 1, prev: bytes.Clone(b.hash), primed: true}
	}
	return &pass[S]{s: s, sn: sn, c: c, o: o, cur: b.at, last: b.at.Version, head: b.head, ok: b.ok}
}

// run folds the records from the cursor to the log's head. Like every
// default read it skips events sealed to recipients the reader is not
// among, after authenticating them; every record is opened.
func (p *pass[S]) run(ctx context.Context) error {
	for v, err := range p.c.pipeline(ctx) {
		if err != nil {
			return err
		}
		e, err := p.c.event(ctx, p.o, &v.rec, v.ad)
		if err != nil && !skippable(err) {
			return err
		}
		if err == nil {
			p.cur = Versioned[S]{State: p.s.f(p.cur.State, e), Version: e.Version}
		}
		p.take(v)
	}
	return nil
}

// due reports whether a snapshot is due after the record at version x: at
// a multiple of every, every or more past the newest snapshot (at last),
// and while replaying the history up to head (the head when the read
// started) only at the last such multiple.
func (sn *snapshots[S]) due(x, last, head uint64) bool {
	return x%sn.every == 0 && x >= last+sn.every && x+sn.every > head
}

// take snapshots the state after record v when it is due.
func (p *pass[S]) take(v *verified) {
	x := v.rec.Version
	if !p.ok || !p.sn.due(x, p.last, p.head) {
		return
	}
	if state, err := p.sn.codec.Encode(p.cur.State); err == nil {
		p.due = &pending{v: x, hash: codec.HashAD(v.ad, v.rec.Payload), state: state}
	}
}

// flush writes the snapshot due, if any.
func (p *pass[S]) flush(ctx context.Context) {
	if d := p.due; d != nil {
		p.sn.write(ctx, p.s.h, d)
		p.due, p.last = nil, d.v
	}
}

// write appends the snapshot p to the snapshot log of stream h. A failure
// is ignored: the next read replays a little more. A conflict means
// another reader appended a snapshot meanwhile, which is as good.
func (sn *snapshots[S]) write(ctx context.Context, h *handle, p *pending) {
	l, err := sn.log(ctx, h.store)
	if err != nil {
		return
	}
	hd, err := l.Head(ctx)
	if err != nil {
		return
	}
	rec, err := sn.seal(ctx, h, p, hd.Version+1)
	if err != nil {
		return
	}
	err = l.Append(ctx, hd.Version, []codec.Record{rec})
	if err != nil && !errors.Is(err, sealstream.ErrConflict) && !recordError(err) && ctx.Err() == nil {
		sn.broken()
	}
}

// snapState is State for a default read of a stream with snapshots.
func (s *Stream[S]) snapState(ctx context.Context) (S, error) {
	var zero S
	if err := s.check("read"); err != nil {
		return zero, err
	}
	o, err := s.h.opener(ctx, "")
	if err != nil {
		return zero, wrap(s.h.id, "read", err)
	}
	p := s.snap.newPass(ctx, s, o)
	if err := p.run(ctx); err != nil {
		return zero, wrap(s.h.id, "read", err)
	}
	p.flush(ctx)
	return p.cur.State, nil
}
