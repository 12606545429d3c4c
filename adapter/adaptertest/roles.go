package adaptertest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// appendRole appends c.Count records one at a time at the head it reads,
// each chained to that head, retrying on conflict.
func appendRole(ctx context.Context, l adapter.Log, c Child) error {
	for i := 0; i < c.Count; {
		h, err := l.Head(ctx)
		if err != nil {
			return err
		}
		var prev []byte
		if h.Version > 0 {
			prev = codec.Hash(ProcessStream, &h.Last)
		}
		recs := Records(ProcessStream, h.Version, 1, prev)
		recs[0].ID = appendID(c.Worker, i)
		switch err := l.Append(ctx, h.Version, recs); {
		case err == nil:
			i++
		case !errors.Is(err, sealstream.ErrConflict):
			return err
		}
	}
	return nil
}

// appendID is the ID of the i-th record of appender w.
func appendID(w, i int) string { return fmt.Sprintf("w%d-%d", w, i) }

// watchRole follows the stream as the stream package does: take the
// change signal, read from the last version seen, wait. It prints "ready",
// then the digest of every (version, ID) it saw, failing on any gap or
// repeat.
func watchRole(ctx context.Context, l adapter.Log, c Child) error {
	fmt.Println("ready")
	total := uint64(c.Count)
	seen := newDigest()
	next := uint64(1)
	for next <= total {
		ch := l.Changed()
		for r, err := range l.Read(ctx, next) {
			if err != nil {
				return err
			}
			if r.Version != next {
				return fmt.Errorf("watcher got version %d, want %d", r.Version, next)
			}
			seen.add(r)
			next++
		}
		if next > total {
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("watcher stopped at version %d: %w", next, ctx.Err())
		}
	}
	fmt.Println(seen)
	return nil
}

// digest sums the (version, ID) pairs of a sequence of records.
type digest struct {
	n   int
	sum hash.Hash
}

func newDigest() *digest { return &digest{sum: sha256.New()} }

func (d *digest) add(r codec.Record) {
	d.n++
	fmt.Fprintf(d.sum, "%d %s\n", r.Version, r.ID)
}

// String is the line a watcher prints: "saw", the count and the sum.
func (d *digest) String() string { return fmt.Sprintf("saw %d %x", d.n, d.sum.Sum(nil)) }
