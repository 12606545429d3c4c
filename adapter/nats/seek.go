package nats

import "context"

// jump returns a mark close before version v, starting from lo, the best
// mark known, by bisecting stream sequences with leader gets: versions grow
// with sequences, so about log2(sequences) gets replace a scan of every
// record before v. It stops within markEvery versions of v. Errors end the
// search early; the read that follows reports any real damage.
func (l *log) jump(ctx context.Context, v uint64, lo mark) mark {
	t, err := l.refresh(ctx)
	if err != nil || t.version == 0 {
		return lo
	}
	if t.version <= v {
		return t.mark
	}
	hiSeq := t.seq // every record at hiSeq or later has a version above v
	for v-lo.version >= markEvery && hiSeq-lo.seq > 1 {
		mid := lo.seq + (hiSeq-lo.seq)/2
		m, err := l.a.leaderGet(ctx, msgGet{Seq: mid, NextFor: l.sh.subject})
		if err != nil || m == nil {
			return lo
		}
		rec, err := decode(l.sh.id, m.seq, m.data)
		if err != nil {
			return lo
		}
		l.sh.note(rec.Version, m.seq)
		if rec.Version <= v {
			lo = mark{rec.Version, m.seq}
		} else {
			hiSeq = mid
		}
	}
	return lo
}
