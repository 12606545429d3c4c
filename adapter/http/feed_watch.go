package httpadapter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// feedIdle is the pause before a new subscription to the feed after the
// server refused one for good (no feed, a token refused).
const feedIdle = 30 * time.Second

// feedState is the adapter's share of the server's change feed.
type feedState struct {
	signal  adapter.Signal
	started bool          // the subscription runs; under Adapter.mu
	pos     atomic.Uint64 // the highest position learnt: where a subscription starts
}

// learn raises the position a subscription starts after to p.
func (f *feedState) learn(p uint64) {
	for {
		cur := f.pos.Load()
		if p <= cur || f.pos.CompareAndSwap(cur, p) {
			return
		}
	}
}

// closedSignal is a closed channel, the signal of a closed adapter.
var closedSignal = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// FeedChanged returns a channel closed after the next change to the
// server's feed in the token's scope, or by Close. The first call starts
// a subscription to the server's live changes (one Server-Sent Events
// connection per adapter, until Close), reconnected after any failure
// with a growing pause; the signal also fires on each connection, so that
// a change made while disconnected is not missed.
func (a *Adapter) FeedChanged() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return closedSignal
	}
	ch := a.feed.signal.C()
	if !a.feed.started {
		a.feed.started = true
		a.wg.Go(func() { a.watchFeed(a.ctx) })
	}
	return ch
}

// watchFeed keeps a subscription to the feed until ctx ends, reconnecting
// after any failure with a growing pause (up to 2 s, or feedIdle after a
// refusal for good).
func (a *Adapter) watchFeed(ctx context.Context) {
	pause := 50 * time.Millisecond
	for ctx.Err() == nil {
		got, err := a.watchFeedOnce(ctx)
		if got {
			pause = 50 * time.Millisecond
		}
		wait := pause
		if se, ok := statusOf(err); ok && !se.transient() && se.status != http.StatusBadRequest {
			wait = feedIdle
		}
		if !sleep(ctx, wait) {
			return
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// watchFeedOnce makes one subscription after the highest position learnt
// and fires the signal when it is made and on each change event; it
// reports whether any change came. A position the server refuses (its
// feed started anew) is forgotten: the next subscription starts at 0.
func (a *Adapter) watchFeedOnce(ctx context.Context) (bool, error) {
	q := url.Values{wire.Since: {strconv.FormatUint(a.feed.pos.Load(), 10)}}
	resp, err := a.c.send(ctx, http.MethodGet, wire.PathChangesWatch, q, nil, http.Header{"Accept": {wire.EventStream}})
	if se, ok := statusOf(err); ok && se.status == http.StatusBadRequest {
		a.feed.pos.Store(0)
		a.feed.signal.Notify()
	}
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	stop := context.AfterFunc(ctx, func() { _ = resp.Body.Close() })
	defer stop()
	a.feed.signal.Notify()
	events := wire.NewSSEReader(resp.Body, maxEventLine)
	got := false
	for {
		ev, err := events.Next()
		if err != nil {
			return got, err
		}
		switch ev.Name {
		case wire.EventChange:
			p, err := strconv.ParseUint(ev.ID, 10, 64)
			if err != nil {
				return got, fmt.Errorf("the server sent a change event without a position: %w", sealstream.ErrCorrupt)
			}
			got = true
			a.feed.learn(p)
			a.feed.signal.Notify()
		case wire.EventError:
			return got, errors.New("the change watch ended with an error")
		}
	}
}
