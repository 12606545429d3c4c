package idindex

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Verifier reports whether the log still holds m: whether its record at
// m.Version carries the event ID m.ID.
type Verifier func(ctx context.Context, m Mark) (bool, error)

// Update opens the index and checks its mark with valid, emptying an
// index that fails the check (or belongs to another stream); then, when
// the mark is more than slack versions behind upTo, it indexes src's
// entries after the mark up to upTo, one synced transaction per chunk; and
// it looks ids up. It returns the mark reached and, for each of ids, the
// version holding it among the versions covered, or 0. When ctx ends while
// indexing, it returns ctx's error and keeps the chunks committed.
func (x *Index) Update(ctx context.Context, src Source, valid Verifier, upTo, slack uint64, ids []string) (Mark, []uint64, error) {
	m, at, err := x.update(ctx, src, valid, upTo, slack, ids)
	if errors.Is(err, errDamaged) { // drop the file and build the index again
		if err := x.fs.Remove(x.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Mark{}, nil, x.wrap("remove damaged index", err)
		}
		m, at, err = x.update(ctx, src, valid, upTo, slack, ids)
	}
	return m, at, err
}

func (x *Index) update(ctx context.Context, src Source, valid Verifier, upTo, slack uint64, ids []string) (_ Mark, _ []uint64, err error) {
	var f *os.File // the file bbolt opened, closed here if bbolt panics
	defer func() { // bbolt panics on some damaged pages
		if p := recover(); p != nil {
			if f != nil {
				_ = f.Close()
			}
			err = x.wrap("read", fmt.Errorf("%v: %w", p, errDamaged))
		}
	}()
	db, err := x.open(ctx, &f)
	if err != nil {
		return Mark{}, nil, x.wrap("open", err)
	}
	defer db.Close()
	m, err := x.checked(ctx, db, valid)
	if err != nil {
		return Mark{}, nil, err
	}
	if upTo > m.Version+slack {
		if m, err = x.catchUp(ctx, db, src, m, upTo); err != nil {
			return m, nil, err
		}
	}
	at := make([]uint64, len(ids))
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIDs)
		for i, id := range ids {
			if v := b.Get([]byte(id)); len(v) == 8 {
				at[i] = binary.BigEndian.Uint64(v)
			}
		}
		return nil
	})
	if err != nil {
		return m, nil, x.wrap("look up", err)
	}
	return m, at, nil
}

// checked returns the index's mark once valid accepts it; otherwise it
// empties the index and returns the zero mark.
func (x *Index) checked(ctx context.Context, db *bolt.DB, valid Verifier) (Mark, error) {
	var m Mark
	ok := false
	_ = db.View(func(tx *bolt.Tx) error {
		m, ok = x.mark(tx)
		ok = ok && tx.Bucket(bucketIDs) != nil
		return nil
	})
	if ok && m.Version > 0 {
		good, err := valid(ctx, m)
		if err != nil {
			return Mark{}, x.wrap("check", err)
		}
		ok = good
	}
	if ok {
		return m, nil
	}
	err := db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketIDs, bucketMark} {
			if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
				return err
			}
		}
		return x.setMark(tx, Mark{})
	})
	if err != nil {
		return Mark{}, x.wrap("reset", err)
	}
	return Mark{}, nil
}

// catchUp indexes src's entries after m up to upTo, a chunk per
// transaction, checking ctx between chunks.
func (x *Index) catchUp(ctx context.Context, db *bolt.DB, src Source, m Mark, upTo uint64) (Mark, error) {
	batch := make([]Entry, 0, x.chunk)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		last := batch[len(batch)-1]
		err := db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketIDs)
			for _, e := range batch {
				if err := b.Put([]byte(e.ID), version(e.Version)); err != nil {
					return err
				}
			}
			return x.setMark(tx, Mark{Version: last.Version, ID: last.ID})
		})
		if err != nil {
			return x.wrap("write", err)
		}
		m, batch = Mark{Version: last.Version, ID: last.ID}, batch[:0]
		return ctx.Err()
	}
	for e, err := range src(ctx, m.Version+1) {
		if err != nil {
			return m, err
		}
		if e.Version > upTo {
			break
		}
		if batch = append(batch, e); len(batch) == x.chunk {
			if err := flush(); err != nil {
				return m, err
			}
		}
	}
	return m, flush()
}

// setMark writes m, creating the buckets if needed.
func (x *Index) setMark(tx *bolt.Tx, m Mark) error {
	if _, err := tx.CreateBucketIfNotExists(bucketIDs); err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(bucketMark)
	if err != nil {
		return err
	}
	if err := b.Put(keyStream, []byte(x.stream)); err != nil {
		return err
	}
	if err := b.Put(keyID, []byte(m.ID)); err != nil {
		return err
	}
	return b.Put(keyVersion, version(m.Version))
}
