package nats

import (
	"context"
	"fmt"
	"iter"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Read yields the records from version from on, in order, fetched in
// batches of up to 1000 records (1 MiB) per direct get request.
//
// Versions map to stream sequences through marks the adapter keeps as it
// reads and appends; a read starts at the closest mark before from and
// skips forward. When no mark is near, it first bisects the stream's
// sequences with a few leader gets (see jump).
//
// A direct get may be answered by a replica that lags the leader. A read
// never ends before the last stream sequence this adapter knew stored for
// the stream when the read began (its own appends and what its watcher
// saw): a short answer is completed from the leader.
//
// A message that does not decode is [sealstream.ErrCorrupt]; one whose
// version breaks the sequence is [sealstream.ErrIntegrity]; both name the
// stream, version and stream sequence.
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		if err := l.check("read"); err != nil {
			yield(codec.Record{}, err)
			return
		}
		r := reader{l: l, from: max(from, 1), target: l.sh.seenSeq()}
		start := l.sh.seek(r.from - 1)
		if r.from-1-start.version >= 2*markEvery {
			start = l.jump(ctx, r.from-1, start)
		}
		r.seq, r.next = start.seq+1, start.version+1
		r.run(ctx, yield)
	}
}

type reader struct {
	l      *log
	from   uint64 // first version to yield
	next   uint64 // version the next message must hold
	seq    uint64 // stream sequence to read from
	target uint64 // stream sequence known stored when the read began
}

func (r *reader) run(ctx context.Context, yield func(codec.Record, error) bool) {
	a, subject := r.l.a, r.l.sh.subject
	for more := true; more; {
		if err := ctx.Err(); err != nil {
			yield(codec.Record{}, err)
			return
		}
		var msgs []stored
		err := a.retry(ctx, func(ctx context.Context) (err error) {
			msgs, more, err = a.direct(ctx, subject, r.seq)
			return err
		})
		if err != nil {
			yield(codec.Record{}, r.l.wrap("read", err))
			return
		}
		for _, m := range msgs {
			if !r.take(m, yield) {
				return
			}
		}
	}
	for r.seq <= r.target {
		m, err := a.leaderGet(ctx, msgGet{Seq: r.seq, NextFor: subject})
		if err != nil {
			yield(codec.Record{}, r.l.wrap("read", err))
			return
		}
		if m == nil || !r.take(*m, yield) {
			return
		}
	}
}

// take checks one message and yields its record if it is in range. It
// reports whether reading should go on.
func (r *reader) take(m stored, yield func(codec.Record, error) bool) bool {
	var rec codec.Record
	if err := rec.UnmarshalBinary(m.data); err != nil {
		yield(codec.Record{}, fmt.Errorf("nats: stream %q, version %d, sequence %d: %w",
			r.l.sh.id, r.next, m.seq, err))
		return false
	}
	if rec.Version != r.next {
		yield(codec.Record{}, fmt.Errorf("nats: stream %q, sequence %d: version %d where %d belongs: %w",
			r.l.sh.id, m.seq, rec.Version, r.next, sealstream.ErrIntegrity))
		return false
	}
	r.l.sh.note(rec.Version, m.seq)
	r.next++
	r.seq = m.seq + 1
	if rec.Version < r.from {
		return true
	}
	return yield(rec, nil)
}
