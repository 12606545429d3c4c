package s3

import (
	"context"
	"fmt"
	"iter"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Read finds the commit that holds version from (see locate), then reads
// commit after commit, or a whole segment at once where one exists, until
// a commit is missing: the head as of then. A reader that reads every
// commit of a segment's range one by one writes the segment.
func (l *log) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		if err := l.check(ctx, "read"); err != nil {
			yield(codec.Record{}, err)
			return
		}
		from = max(from, 1)
		n, err := l.a.locate(ctx, l.st, from)
		if err != nil {
			yield(codec.Record{}, err)
			return
		}
		l.a.scan(ctx, l.st, n, from, yield)
	}
}

// locate returns the number of a commit at or before the one that holds
// version from (the scan skips what comes before from), or the number
// after the head when from is past it. Commits start at
// increasing versions, so it bisects between the nearest commits whose
// start is known: log2(commits) reads at worst, none when from follows
// the newest head seen (a watcher's read).
func (a *Adapter) locate(ctx context.Context, st *stream, from uint64) (uint64, error) {
	p := st.known()
	st.mu.Lock()
	hinted := st.hinted
	st.mu.Unlock()
	if !hinted || from > p.version()+1 {
		var err error
		if p, err = a.refresh(ctx, st); err != nil {
			return 0, err
		}
	}
	if from > p.version() {
		return p.n + 1, nil
	}
	if p.first <= from {
		return p.n, nil
	}
	lo, hi := st.bounds(from)
	if lo.first == from {
		return lo.n, nil // a void commit there is skipped by the scan
	}
	if hi.n == 0 || hi.n > p.n {
		hi = mark{p.n, p.first}
	}
	for hi.n-lo.n > 1 {
		mid := lo.n + (hi.n-lo.n)/2
		c, ok, err := a.getCommit(ctx, st, mid)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, missing(st, mid, p.n)
		}
		if c.first <= from {
			lo = mark{mid, c.first}
		} else {
			hi = mark{mid, c.first}
		}
	}
	return lo.n, nil
}

// scan yields the records from version from on, starting at commit n.
func (a *Adapter) scan(ctx context.Context, st *stream, n, from uint64, yield func(codec.Record, error) bool) {
	emit := func(c *commit) bool {
		for _, r := range c.recs {
			if r.Version >= from && !yield(r, nil) {
				return false
			}
		}
		return true
	}
	var run []*commit // commits read one by one from the start of a segment's range
	prev := pos{}
	for {
		if err := ctx.Err(); err != nil {
			yield(codec.Record{}, err)
			return
		}
		if a.opts.segments() {
			first, last := segmentOf(n, a.opts.SegmentCommits)
			if last <= st.known().n && last > n {
				cs, ok, err := a.getSegment(ctx, st, first, last)
				if err != nil {
					yield(codec.Record{}, err)
					return
				}
				if ok {
					for _, c := range cs[n-first:] {
						if !emit(c) {
							return
						}
					}
					prev, n, run = posOf(cs[len(cs)-1], pos{}), last+1, nil
					continue
				}
			}
			if n == first {
				run = []*commit{}
			}
		}
		head := st.known().n // as of before the GET: a later head may be news
		c, ok, err := a.getCommit(ctx, st, n)
		if err != nil {
			yield(codec.Record{}, err)
			return
		}
		if !ok {
			if n <= head {
				yield(codec.Record{}, missing(st, n, head))
			}
			return
		}
		if prev.n != 0 && prev.n == n-1 && c.first != prev.version()+1 {
			yield(codec.Record{}, fmt.Errorf("s3: stream %q: commit %d starts at version %d, want %d: %w",
				st.id, n, c.first, prev.version()+1, sealstream.ErrIntegrity))
			return
		}
		prev = posOf(c, prev)
		st.advance(prev)
		if run != nil {
			run = a.compact(ctx, st, append(run, c))
		}
		if !emit(c) {
			return
		}
		n++
	}
}

// missing is the error for commit n absent below the head.
func missing(st *stream, n, head uint64) error {
	return fmt.Errorf("s3: stream %q: commit %d is missing below the head (commit %d): erased or damaged: %w",
		st.id, n, head, sealstream.ErrIntegrity)
}
