package httpadapter_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/sealstream/sealstream/stream/streamtest"
)

// Every store and keyring that reaches one server sees one truth: a
// loopback server over a file backend, each store a client adapter of its
// own (as each device would be), each keyring through a blob store client
// of its own on the server's blob store. Failures and the append hook are
// the server's: its backend fails an fsync, or runs the hook, inside the
// request.
func TestOneTruth(t *testing.T) { streamtest.Run(t, serverPlace) }

// serverPlace is one loopback server that several clients open at once.
func serverPlace(t *testing.T) streamtest.Place {
	dir := t.TempDir()
	var fail atomic.Pointer[atomic.Bool]
	backend, err := file.Open(context.Background(), dir, &file.Options{Fault: func(op file.Op, _ string, _ int) (int, error) {
		if f := fail.Load(); f != nil && op == file.OpSync && f.CompareAndSwap(true, false) {
			return 0, errors.New("no space left on device")
		}
		return 0, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	hooked := &hookAdapter{Adapter: backend}
	ts := startServerOn(t, dir, hooked, nil)
	o := httpadapter.Options{Token: ts.token("all"), RetryFor: 10 * time.Second, Timeout: 10 * time.Second}
	p := streamtest.AtURL(t, ts.URL, o.Open, func(t *testing.T) keyset.BlobStore { return ts.blobStore(t, "all") })
	p.FailingOpener = func(_ *testing.T, f *atomic.Bool) stream.Opener {
		fail.Store(f)
		return o.Open
	}
	p.BeforeAppend = func(f func()) {
		if f == nil {
			hooked.before.Store(nil)
			return
		}
		hooked.before.Store(&f)
	}
	return p
}

// hookAdapter is a backend whose logs run before, when set, ahead of each
// append.
type hookAdapter struct {
	adapter.Adapter
	before atomic.Pointer[func()]
}

func (a *hookAdapter) Open(ctx context.Context, id string) (adapter.Log, error) {
	l, err := a.Adapter.Open(ctx, id)
	if err != nil {
		return nil, err
	}
	return hookLog{l, a}, nil
}

type hookLog struct {
	adapter.Log
	a *hookAdapter
}

func (l hookLog) Append(ctx context.Context, expect uint64, recs []codec.Record) error {
	if f := l.a.before.Load(); f != nil {
		(*f)()
	}
	return l.Log.Append(ctx, expect, recs)
}

// Find keeps the backend's event ID index in use.
func (l hookLog) Find(ctx context.Context, ids []string) ([]uint64, error) {
	return l.Log.(adapter.Finder).Find(ctx, ids)
}
