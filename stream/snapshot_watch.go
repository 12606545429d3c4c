package stream

import (
	"context"
	"iter"

	"github.com/sealstream/sealstream/codec"
)

// snapFollow is Follow from the stream's start, and ReadAndWatch, for a
// default read of a stream with snapshots: it yields the newest valid
// snapshot's state with its version first, if there is one, then folds
// what [Stream.Watch] yields after it, with Watch's guarantees and
// endings. It writes the snapshots due as it goes.
func (s *Stream[S]) snapFollow(ctx context.Context) iter.Seq2[Versioned[S], error] {
	return func(yield func(Versioned[S], error) bool) {
		if err := s.check("watch"); err != nil {
			yield(Versioned[S]{}, err)
			return
		}
		o, err := s.h.opener(ctx, "")
		if err != nil {
			yield(Versioned[S]{}, wrap(s.h.id, "watch", err))
			return
		}
		b := s.snap.load(ctx, s, o)
		cur, last := b.at, b.at.Version
		if cur.Version > 0 && !yield(cur, nil) {
			return
		}
		for e, err := range s.Watch(ctx, From(cur.Version+1)) {
			if err != nil {
				yield(Versioned[S]{}, err)
				return
			}
			cur = Versioned[S]{State: s.f(cur.State, e), Version: e.Version}
			if b.ok && s.snap.due(e.Version, last, b.head) {
				s.snap.writeAt(ctx, s.h, cur.Version, cur.State)
				last = cur.Version
			}
			if !yield(cur, nil) {
				return
			}
		}
	}
}

// writeAt writes a snapshot of state, the state after the record at
// version v, which it reads again for its chain hash.
func (sn *snapshots[S]) writeAt(ctx context.Context, h *handle, v uint64, state S) {
	enc, err := sn.codec.Encode(state)
	if err != nil {
		return
	}
	rec, err := recordAt(ctx, h.log(), v)
	if err != nil {
		return
	}
	sn.write(ctx, h, &pending{v: v, hash: codec.Hash(h.id, &rec), state: enc})
}
