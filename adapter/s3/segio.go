package s3

import (
	"context"
	"fmt"
)

// getSegment reads the segment of commits first to last of st; ok is
// false when there is none.
func (a *Adapter) getSegment(ctx context.Context, st *stream, first, last uint64) ([]*commit, bool, error) {
	limit := max(a.opts.MaxCommitSize, a.opts.MaxSegmentSize) + 1<<10
	b, ok, err := a.b.get(ctx, st.keys.segment(first, last), limit)
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("s3: stream %q: read segment of commits %d-%d: %w", st.id, first, last, err)
		}
		return nil, false, err
	}
	cs, err := decodeSegment(st.id, first, last, b)
	if err != nil {
		return nil, false, err
	}
	for _, c := range cs {
		st.mark(c)
	}
	return cs, true, nil
}

// compact takes the commits read one by one since the start of a
// segment's range. Once they fill the range it writes the segment
// (put-if-absent: a copy another reader wrote first stays) and returns
// nil; a range over MaxSegmentSize bytes is given up (nil too). A failed
// write only costs later readers requests, so it is not reported.
func (a *Adapter) compact(ctx context.Context, st *stream, run []*commit) []*commit {
	size := 0
	for _, c := range run {
		size += len(c.raw)
	}
	if size > a.opts.MaxSegmentSize {
		return nil
	}
	if len(run) < a.opts.SegmentCommits {
		return run
	}
	_, _ = a.b.create(ctx, st.keys.segment(run[0].n, run[len(run)-1].n), encodeSegment(run))
	return nil
}
