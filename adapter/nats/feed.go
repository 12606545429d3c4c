package nats

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
)

var _ adapter.Feed = (*Adapter)(nil)

// Changes yields the appended batches of every stream after position
// since, in stream sequence order: a change's Position is the JetStream
// stream sequence of the batch's last record. JetStream assigns sequences
// in commit order and commits a batch whole, so a consumer that resumes
// after the position of the last change it handled misses none. Any
// number is a position: one past the last sequence yields nothing yet.
//
// The records are read with batch direct gets on all subjects under the
// prefix, page by page; the context is checked between pages. Only each
// record's version is decoded, and its Nats-Msg-Id, which tells one
// append's records from the next. A direct get may be answered by a
// replica that lags the leader, so the stream's last sequence is asked of
// the leader first, and a read that comes up short of it is completed
// from the leader. An erased stream's records are purged, and its changes
// with them.
//
// A record that is not one (a message under the prefix that does not
// decode) is [sealstream.ErrCorrupt]; messages on subjects that encode no
// stream ID are skipped. A canceled ctx yields ctx's error; after Close,
// an error matching [sealstream.ErrClosed].
func (a *Adapter) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(sealstream.Change{}, err)
			return
		}
		if a.isClosed() {
			yield(sealstream.Change{}, fmt.Errorf("nats: change feed: %w", sealstream.ErrClosed))
			return
		}
		if since == math.MaxUint64 {
			return // no sequence follows it
		}
		target, err := a.lastSeq(ctx)
		if err != nil {
			yield(sealstream.Change{}, a.feedErr(ctx, err))
			return
		}
		f := feedReader{a: a, filter: a.o.SubjectPrefix + ".*", seq: since + 1, target: target}
		f.run(ctx, yield)
	}
}

// FeedChanged returns a channel closed after the next record lands under
// the subject prefix, by any writer the server serves, after every
// reconnect, and at Close. The first call starts the feed's watcher: an
// ordered consumer on every subject under the prefix, headers only, that
// begins with the last record and so fires at least once for any change
// after the call; it runs until Close, receiving the headers of every
// record appended from then on.
func (a *Adapter) FeedChanged() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return closedChan
	}
	ch := a.feed.C()
	if !a.feedWatching {
		a.feedWatching = true
		a.wg.Go(func() {
			a.follow(a.ctx, a.o.SubjectPrefix+".*", jetstream.DeliverLastPolicy, func(uint64) {}, a.feed.Notify)
		})
	}
	return ch
}

// lastSeq asks the stream leader for the JetStream stream's last sequence
// (stream info, no subject list): every record acknowledged before the
// call is at or before it.
func (a *Adapter) lastSeq(ctx context.Context) (uint64, error) {
	var last uint64
	err := a.retry(ctx, func(ctx context.Context) error {
		resp, err := a.nc.RequestWithContext(ctx, "$JS.API.STREAM.INFO."+a.o.Stream, nil)
		if err != nil {
			return err
		}
		var r struct {
			Error *jetstream.APIError `json:"error,omitempty"`
			State *struct {
				LastSeq uint64 `json:"last_seq"`
			} `json:"state,omitempty"`
		}
		if err := json.Unmarshal(resp.Data, &r); err != nil {
			return fmt.Errorf("stream info: %w", err)
		}
		switch {
		case r.Error != nil:
			return r.Error
		case r.State == nil:
			return jetstream.ErrInvalidJetStreamResponse
		}
		last = r.State.LastSeq
		return nil
	})
	return last, err
}

// feedErr names the feed on an error from the server, mapping a closed
// connection or adapter to [sealstream.ErrClosed]; ctx's own error passes
// as it is.
func (a *Adapter) feedErr(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil && err == ctx.Err():
		return err
	case classify(err) == closed || a.isClosed():
		return fmt.Errorf("nats: change feed: %w: %w", sealstream.ErrClosed, err)
	}
	return fmt.Errorf("nats: change feed: %w", err)
}
