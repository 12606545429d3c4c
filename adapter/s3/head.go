package s3

import (
	"context"
	"fmt"
	"strconv"
)

// maxHintSize bounds the hint object: a decimal commit number.
const maxHintSize = 32

// maxCommit bounds commit numbers: no log holds more commits, so a number
// past it (a hint or a search gone astray) is missing without a request.
const maxCommit = 1 << 62

// getCommit reads commit n of st; ok is false when it does not exist.
func (a *Adapter) getCommit(ctx context.Context, st *stream, n uint64) (*commit, bool, error) {
	if n > maxCommit {
		return nil, false, nil
	}
	b, ok, err := a.b.get(ctx, st.keys.commit(n), a.opts.MaxCommitSize)
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("s3: stream %q: read commit %d: %w", st.id, n, err)
		}
		return nil, false, err
	}
	c, err := decodeCommit(st.id, n, b)
	if err != nil {
		return nil, false, err
	}
	st.mark(c)
	return c, true, nil
}

// refresh finds the stream's head as the bucket holds it now, from the
// newest head seen, or on first use from the head hint, and records it.
func (a *Adapter) refresh(ctx context.Context, st *stream) (pos, error) {
	from := st.known()
	st.mu.Lock()
	hinted := st.hinted
	st.mu.Unlock()
	if from.n == 0 && !hinted {
		var err error
		if from, err = a.fromHint(ctx, st); err != nil {
			return pos{}, err
		}
	}
	p, err := a.gallop(ctx, st, from)
	if err != nil {
		return pos{}, err
	}
	if p.n > 0 && !p.lastKnown {
		if p, err = a.findLast(ctx, st, p); err != nil {
			return pos{}, err
		}
	}
	return st.advance(p), nil
}

// fromHint returns the commit that the head hint names, if it exists: a
// hint may lag (it is written every HintEvery commits, and writers race)
// or outlive its stream (an Erase racing a writer), so it is only where
// the search starts.
func (a *Adapter) fromHint(ctx context.Context, st *stream) (pos, error) {
	b, ok, err := a.b.get(ctx, st.keys.hint(), maxHintSize)
	if err != nil {
		return pos{}, fmt.Errorf("s3: stream %q: read head hint: %w", st.id, err)
	}
	n, perr := strconv.ParseUint(string(b), 10, 64)
	if !ok || perr != nil || n == 0 {
		return pos{}, nil
	}
	c, ok, err := a.getCommit(ctx, st, n)
	if err != nil || !ok {
		return pos{}, err
	}
	return posOf(c, pos{}), nil
}

// gallop returns the newest commit at or after from. Commits are created
// in order and only Erase removes them, so it probes from+1, from+3,
// from+7, … until one is missing, then bisects: 2·log2(d) reads for a
// head d commits ahead.
func (a *Adapter) gallop(ctx context.Context, st *stream, from pos) (pos, error) {
	lo, hi := from, uint64(0)
	for step := uint64(1); hi == 0; step *= 2 {
		c, ok, err := a.getCommit(ctx, st, lo.n+step)
		if err != nil {
			return pos{}, err
		}
		if !ok {
			hi = lo.n + step
		} else {
			lo = posOf(c, lo)
		}
	}
	for hi-lo.n > 1 {
		mid := lo.n + (hi-lo.n)/2
		c, ok, err := a.getCommit(ctx, st, mid)
		if err != nil {
			return pos{}, err
		}
		if ok {
			lo = posOf(c, lo)
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// findLast fills in the last record of head p, a void commit, from the
// newest commit before it that holds records.
func (a *Adapter) findLast(ctx context.Context, st *stream, p pos) (pos, error) {
	for n := p.n - 1; n > 0; n-- {
		c, ok, err := a.getCommit(ctx, st, n)
		if err != nil {
			return pos{}, err
		}
		if !ok {
			return pos{}, missing(st, n, p.n)
		}
		if c.count > 0 {
			p.last, p.lastKnown = c.recs[c.count-1], true
			return p, nil
		}
	}
	p.lastKnown = true // only void commits: the stream is empty
	return p, nil
}

// writeHint records commit n as the head hint when it is due. A failure
// costs later readers a longer search only, so it is not reported.
func (a *Adapter) writeHint(ctx context.Context, st *stream, n uint64) {
	if a.opts.HintEvery > 0 && n%uint64(a.opts.HintEvery) == 0 {
		_ = a.b.put(ctx, st.keys.hint(), []byte(strconv.FormatUint(n, 10)))
	}
}
