package httpadapter

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/codec"
)

// shared is the state of one stream that its handles in one adapter share.
type shared struct {
	id     string
	logs   map[*log]bool      // open handles; under Adapter.mu
	stop   context.CancelFunc // ends the watch; under Adapter.mu
	signal adapter.Signal

	wmu    sync.RWMutex // held for reading by appends, for writing by Erase
	erased bool         // under wmu

	noFind atomic.Bool // the server keeps no event ID index
}

// log is one handle on a stream.
type log struct {
	a      *Adapter
	sh     *shared
	closed atomic.Bool
}

var (
	_ adapter.Log    = (*log)(nil)
	_ adapter.Finder = (*log)(nil)
)

// check returns ErrClosed once the log, its stream (by Erase) or the
// adapter is closed, and ctx's error once it has ended.
func (l *log) check(ctx context.Context, op string) error {
	if l.closed.Load() || l.a.isClosed() {
		return fmt.Errorf("httpadapter: %s %q: %w", op, l.sh.id, sealstream.ErrClosed)
	}
	return ctx.Err()
}

// query returns the query naming the log's stream, and more pairs.
func (l *log) query(kv ...string) url.Values {
	q := url.Values{wire.Stream: {l.sh.id}}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q
}

// Head asks the server for the head. A stream without records, and one
// out of the token's scope, has head 0. The server's storage path is not
// shown: File is empty.
func (l *log) Head(ctx context.Context) (adapter.Head, error) {
	if err := l.check(ctx, "head of"); err != nil {
		return adapter.Head{}, err
	}
	h, err := l.head(ctx)
	if err != nil {
		return adapter.Head{}, fmt.Errorf("httpadapter: head of %q: %w", l.sh.id, err)
	}
	return h, nil
}

func (l *log) head(ctx context.Context) (adapter.Head, error) {
	var b wire.HeadBody
	found, err := l.a.c.getJSON(ctx, wire.PathHead, l.query(), &b)
	if err != nil || !found {
		return adapter.Head{}, err
	}
	if b.Version == 0 || b.Last == nil {
		return adapter.Head{}, fmt.Errorf("the server gave head %d without its record: %w", b.Version, sealstream.ErrCorrupt)
	}
	last, err := b.Last.Codec()
	if err != nil || last.Version != b.Version {
		return adapter.Head{}, fmt.Errorf("the server gave a malformed head record: %w", sealstream.ErrCorrupt)
	}
	return adapter.Head{Version: b.Version, Last: last, Bytes: b.Bytes}, nil
}

// Changed returns the stream's change signal. The first call on a stream
// starts its watch: one Server-Sent Events connection per stream and
// adapter, in heads mode, reconnected after any failure; the signal fires
// on each head the server sends, including the first of each connection,
// so that a change made while disconnected is not missed.
func (l *log) Changed() <-chan struct{} {
	a := l.a
	a.mu.Lock()
	defer a.mu.Unlock()
	ch := l.sh.signal.C()
	if l.sh.stop == nil && !a.closed && !l.closed.Load() && a.streams[l.sh.id] == l.sh {
		ctx, cancel := context.WithCancel(a.ctx)
		l.sh.stop = cancel
		a.wg.Go(func() { l.a.watch(ctx, l.sh) })
	}
	return ch
}

// stopWatch ends the stream's watch; under Adapter.mu.
func (sh *shared) stopWatch() {
	if sh.stop != nil {
		sh.stop()
		sh.stop = nil
	}
}

// Close releases the log; later calls return ErrClosed.
func (l *log) Close() error {
	if !l.closed.Swap(true) {
		l.a.release(l)
	}
	return nil
}

// records turns wire records into codec records, checking each against
// the codec's limits and the versions from, from+1, …
func records(in []wire.Record, from uint64) ([]codec.Record, error) {
	out := make([]codec.Record, len(in))
	for i := range in {
		r, err := in[i].Codec()
		if err == nil && r.Version != from+uint64(i) {
			err = fmt.Errorf("record %d has version %d, want %d", i, r.Version, from+uint64(i))
		}
		if err != nil {
			return nil, fmt.Errorf("the server sent a bad record: %v: %w", err, sealstream.ErrCorrupt)
		}
		out[i] = r
	}
	return out, nil
}
