package streamtest

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/stream"
)

// ErrInjected is the error of an append that [FailNextAppend] failed.
var ErrInjected = errors.New("streamtest: injected append failure (connection reset)")

// FailNextAppend returns an opener that opens adapters with open whose
// logs, once fail is set, fail the next Append with [ErrInjected] before
// the adapter sees it, and clear fail.
func FailNextAppend(open stream.Opener, fail *atomic.Bool) stream.Opener {
	return func(ctx context.Context, url string) (adapter.Adapter, error) {
		a, err := open(ctx, url)
		if err != nil {
			return nil, err
		}
		return failingAdapter{a, fail}, nil
	}
}

type failingAdapter struct {
	adapter.Adapter
	fail *atomic.Bool
}

func (a failingAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	return failingLog{l, a.fail}, nil
}

type failingLog struct {
	adapter.Log
	fail *atomic.Bool
}

func (l failingLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if l.fail.CompareAndSwap(true, false) {
		return ErrInjected
	}
	return l.Log.Append(ctx, expect, recs)
}
