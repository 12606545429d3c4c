package httpadapter

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

var _ adapter.Feed = (*Adapter)(nil)

// maxChangeLine bounds one line of a page of changes.
const maxChangeLine = 16 << 10

// Changes yields the changes of the server's store-wide feed after
// position since to streams in the token's scope, a page (PageSize
// changes) per request. The server skips changes out of scope, so a
// scoped token sees gaps in the positions, and pages on past them. A cut
// page, a network failure or a restarting server is retried from the last
// position for up to RetryFor. A server whose storage keeps no feed gives
// an error matching [errors.ErrUnsupported]; a since the feed never gave,
// [sealstream.ErrInvalidArgument]; a change out of order or malformed,
// [sealstream.ErrCorrupt]; after Close, [sealstream.ErrClosed].
func (a *Adapter) Changes(ctx context.Context, since uint64) iter.Seq2[sealstream.Change, error] {
	return func(yield func(sealstream.Change, error) bool) {
		next, more, stopped := since, true, false
		for more && !stopped {
			if a.isClosed() {
				yield(sealstream.Change{}, fmt.Errorf("httpadapter: changes: %w", sealstream.ErrClosed))
				return
			}
			if err := ctx.Err(); err != nil {
				yield(sealstream.Change{}, err)
				return
			}
			err := a.c.retry(ctx, func(ctx context.Context) (bool, error) {
				var err error
				more, stopped, err = a.changesPage(ctx, &next, yield)
				if errors.Is(err, sealstream.ErrCorrupt) || errors.Is(err, sealstream.ErrInvalidArgument) ||
					errors.Is(err, errors.ErrUnsupported) {
					return false, err
				}
				return transient(err), err
			})
			if err != nil {
				yield(sealstream.Change{}, fmt.Errorf("httpadapter: changes after position %d: %w", next, err))
				return
			}
		}
	}
}

// changesPage reads one page after *next, yielding its changes and moving
// *next past each and then to the page's last position. It reports
// whether more pages follow and whether the consumer stopped.
func (a *Adapter) changesPage(ctx context.Context, next *uint64, yield func(sealstream.Change, error) bool) (more, stopped bool, err error) {
	q := url.Values{wire.Since: {strconv.FormatUint(*next, 10)}, wire.Limit: {strconv.Itoa(a.c.o.PageSize)}}
	resp, err := a.c.send(ctx, http.MethodGet, wire.PathChanges, q, nil, nil)
	if err != nil {
		return false, false, feedError(err)
	}
	defer resp.Body.Close()
	start := *next
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, maxChangeLine), maxChangeLine)
	for sc.Scan() {
		var line wire.ChangeLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return false, false, fmt.Errorf("the server sent a malformed line: %w", sealstream.ErrCorrupt)
		}
		if line.End {
			switch {
			case line.Error.Code != "":
				return false, false, &statusError{status: lineStatus(line.Error.Code), body: line.Error}
			case line.Last < *next || (line.More && line.Last == start):
				return false, false, fmt.Errorf("the server ended a page at position %d after position %d: %w",
					line.Last, *next, sealstream.ErrCorrupt)
			}
			*next = line.Last
			a.feed.learn(line.Last)
			return line.More, false, nil
		}
		c, err := line.Change.Check(*next)
		if err != nil {
			return false, false, fmt.Errorf("the server sent a bad change: %v: %w", err, sealstream.ErrCorrupt)
		}
		*next = c.Position
		a.feed.learn(c.Position)
		if !yield(c, nil) {
			return false, true, nil
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return false, false, fmt.Errorf("the server sent a line over %d bytes: %w", maxChangeLine, sealstream.ErrCorrupt)
		}
		return false, false, err
	}
	return false, false, errCut
}

// feedError maps the error answers of the feed's endpoints: 400 is a
// position the feed never gave; 501, and the 404 of a server that
// predates the feed, a server without one.
func feedError(err error) error {
	se, ok := statusOf(err)
	switch {
	case !ok:
		return err
	case se.status == http.StatusBadRequest:
		return fmt.Errorf("%v: %w", se, sealstream.ErrInvalidArgument)
	case se.status == http.StatusNotImplemented || se.status == http.StatusNotFound:
		return fmt.Errorf("the server keeps no change feed: %v: %w", se, errors.ErrUnsupported)
	}
	return err
}
