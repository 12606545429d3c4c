package adaptertest_test

import (
	"context"
	"errors"
	"iter"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// faultyAdapter opens logs that have fault.
type faultyAdapter struct {
	adapter.Adapter
	fault string
}

func (a faultyAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	return faultyLog{Log: l, fault: fault(a.fault)}, nil
}

// fault is a way a log misbehaves.
type fault string

// faultyLog is a log with a fault:
//   - "lose": Read leaves out the last record;
//   - "renumber": Read gives the second record version 12 more;
//   - "twice": Read gives the second record the first one's ID;
//   - "swap": Read swaps the IDs of the first two records;
//   - "intruder": Read gives the first record an ID no appender used;
//   - "short-head": Head is one version short;
//   - "watch-gap": Read leaves out version 2;
//   - "append-fails": Append fails.
type faultyLog struct {
	adapter.Log
	fault fault
}

func (l faultyLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if l.fault == "append-fails" {
		return errors.New("append refused")
	}
	return l.Log.Append(ctx, expect, recs)
}

func (l faultyLog) Head(ctx context.Context) (adapter.Head, error) {
	h, err := l.Log.Head(ctx)
	if l.fault == "short-head" && h.Version > 0 {
		h.Version--
	}
	return h, err
}

func (l faultyLog) Read(ctx context.Context, from uint64) iter.Seq2[codec.Record, error] {
	return func(yield func(codec.Record, error) bool) {
		var recs []codec.Record
		for r, err := range l.Log.Read(ctx, from) {
			if err != nil {
				yield(codec.Record{}, err)
				return
			}
			if l.fault != "watch-gap" || r.Version != 2 {
				recs = append(recs, r)
			}
		}
		for _, r := range l.fault.damage(recs) {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// damage applies f to the records of a read from version 1.
func (f fault) damage(recs []codec.Record) []codec.Record {
	if len(recs) < 2 {
		return recs
	}
	switch f {
	case "lose":
		recs = recs[:len(recs)-1]
	case "renumber":
		recs[1].Version += 12
	case "twice":
		recs[1].ID = recs[0].ID
	case "swap":
		recs[0].ID, recs[1].ID = recs[1].ID, recs[0].ID
	case "intruder":
		recs[0].ID = "intruder"
	}
	return recs
}
