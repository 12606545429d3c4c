package s3

import (
	"bytes"
	"context"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// Append writes recs as one commit object, the next after the commit that
// ends at version expect, with If-None-Match: *. Of writers racing for that
// number exactly one wins; the others get [sealstream.ErrConflict]. A
// writer whose expect is behind the head never finds a free number: every
// number up to the head is taken. See the package doc for what a write of
// unknown outcome does.
func (l *log) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if err := l.check(ctx, "append"); err != nil {
		return err
	}
	st := l.st
	st.writes.RLock()
	defer st.writes.RUnlock()
	if err := l.check(ctx, "append"); err != nil {
		return err // erased while waiting
	}
	if err := l.validate(expect, recs); err != nil {
		return err
	}
	base, err := l.base(ctx, expect)
	if err != nil || len(recs) == 0 {
		return err
	}
	n := base.n + 1
	body, err := encodeCommit(n, expect+1, base.total, recs)
	if err != nil {
		return fmt.Errorf("s3: append to %q: %w", st.id, err)
	}
	if len(body) > l.a.opts.MaxCommitSize {
		return fmt.Errorf("s3: append to %q: a commit of %d bytes is over the %d-byte limit: %w",
			st.id, len(body), l.a.opts.MaxCommitSize, sealstream.ErrTooLarge)
	}
	if n == 1 { // list the stream before it holds anything
		if err := l.a.b.put(ctx, st.keys.index, nil); err != nil {
			return fmt.Errorf("s3: append to %q: write the stream's index object: %w", st.id, err)
		}
	}
	created, err := l.a.b.create(ctx, st.keys.commit(n), body)
	switch {
	case err != nil:
		return l.settle(ctx, base, n, body, err)
	case !created:
		return l.taken(ctx, base, n, body)
	}
	l.landed(ctx, base, &commit{n: n, first: expect + 1, count: uint64(len(recs)),
		total: base.total + int64(len(body)), recs: recs, raw: body})
	return nil
}

// validate checks versions and sizes before anything is sent.
func (l *log) validate(expect uint64, recs []codec.Record) error {
	for i := range recs {
		if want := expect + uint64(i) + 1; recs[i].Version != want {
			return fmt.Errorf("s3: append to %q: record %d has version %d, want %d: %w",
				l.st.id, i, recs[i].Version, want, sealstream.ErrIntegrity)
		}
		if size := recs[i].Size(); size > l.a.opts.MaxRecordSize {
			return fmt.Errorf("s3: append to %q: record version %d of %d bytes is over the %d-byte limit: %w",
				l.st.id, recs[i].Version, size, l.a.opts.MaxRecordSize, sealstream.ErrTooLarge)
		}
	}
	return nil
}

// base returns the commit that ends at version expect, the newest known
// one, or ErrConflict when the head is elsewhere. Only an expect past the
// newest head seen costs requests.
func (l *log) base(ctx context.Context, expect uint64) (pos, error) {
	p := l.st.known()
	if expect > p.version() {
		var err error
		if p, err = l.a.refresh(ctx, l.st); err != nil {
			return pos{}, err
		}
	}
	if p.version() != expect {
		return pos{}, fmt.Errorf("s3: append to %q at version %d, head is %d: %w",
			l.st.id, expect, p.version(), sealstream.ErrConflict)
	}
	return p, nil
}

// landed records commit c as the head and updates the hint when due.
func (l *log) landed(ctx context.Context, base pos, c *commit) {
	l.st.mark(c)
	l.st.advance(posOf(c, base))
	l.a.writeHint(ctx, l.st, c.n)
}

// taken handles a refused put-if-absent of commit n: the number holds the
// commit of another writer (ErrConflict), or this very body, stored by an
// attempt whose answer was lost (success).
func (l *log) taken(ctx context.Context, base pos, n uint64, body []byte) error {
	c, ok, err := l.a.getCommit(ctx, l.st, n)
	switch {
	case err != nil:
		return fmt.Errorf("s3: append to %q: commit %d is taken, and reading it failed: %w", l.st.id, n, err)
	case !ok:
		return fmt.Errorf("s3: append to %q: commit %d is taken, yet missing (erased?): %w", l.st.id, n, sealstream.ErrConflict)
	case bytes.Equal(c.raw, body):
		l.landed(ctx, base, c)
		return nil
	}
	l.st.advance(posOf(c, base))
	return fmt.Errorf("s3: append to %q at version %d: commit %d was written by another writer: %w",
		l.st.id, base.version(), n, sealstream.ErrConflict)
}

// settle decides the outcome of a write of commit n that failed with
// cause, for which the bucket may or may not hold body now or later (a
// request can land after its connection failed). It fences the number
// with a void commit, with a context detached from ctx and bounded by
// SettleTimeout: if the void commit lands, the batch never will, and
// Append fails with cause; if the number is taken, it holds this batch
// (Append succeeds) or another writer's (ErrConflict).
func (l *log) settle(ctx context.Context, base pos, n uint64, body []byte, cause error) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.a.opts.SettleTimeout)
	defer cancel()
	void, err := encodeCommit(n, base.version()+1, base.total, nil)
	if err != nil {
		return err
	}
	fenced, err := l.a.b.create(sctx, l.st.keys.commit(n), void)
	if err != nil {
		return fmt.Errorf("s3: append to %q: commit %d: %w (its outcome is unknown: fencing it failed too: %v)",
			l.st.id, n, cause, err)
	}
	if !fenced {
		return l.taken(sctx, base, n, body)
	}
	c, err := decodeCommit(l.st.id, n, void)
	if err == nil {
		l.st.mark(c)
		l.st.advance(posOf(c, base))
	}
	return fmt.Errorf("s3: append to %q: commit %d: %w", l.st.id, n, cause)
}
