package httpadapter

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Streams yields the IDs starting with prefix of the streams in the
// token's scope, in the server's order (the backend's: a file backend
// gives directory order). A failure part-way is retried for up to
// RetryFor without yielding an ID twice. A stream counts once the server
// has opened it: a head or read request of an empty stream may make it
// count, with no record.
func (a *Adapter) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if a.isClosed() {
			yield("", fmt.Errorf("httpadapter: streams: %w", sealstream.ErrClosed))
			return
		}
		if err := ctx.Err(); err != nil {
			yield("", err)
			return
		}
		seen, stopped := map[string]bool{}, false
		err := a.c.retry(ctx, func(ctx context.Context) (bool, error) {
			err := a.listOnce(ctx, prefix, func(id string) bool {
				if seen[id] {
					return true
				}
				seen[id] = true
				stopped = !yield(id, nil)
				return !stopped
			})
			return transient(err), err
		})
		if err != nil && !stopped {
			yield("", fmt.Errorf("httpadapter: streams with prefix %q: %w", prefix, err))
		}
	}
}

// listOnce makes one listing request, handing each ID to f until f
// returns false.
func (a *Adapter) listOnce(ctx context.Context, prefix string, f func(string) bool) error {
	resp, err := a.c.send(ctx, http.MethodGet, wire.PathStreams, url.Values{wire.Prefix: {prefix}}, nil, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 4<<10), 64<<10)
	for sc.Scan() {
		var line wire.Line
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return fmt.Errorf("the server sent a malformed line: %w", sealstream.ErrCorrupt)
		}
		switch {
		case line.End && line.Error.Code != "":
			return &statusError{status: lineStatus(line.Error.Code), body: line.Error}
		case line.End:
			return nil
		case line.Stream == "":
			return fmt.Errorf("the server sent a line without a stream ID: %w", sealstream.ErrCorrupt)
		}
		if !f(line.Stream) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return errCut
}

// Erase closes the adapter's logs of streamID, waits for their appends in
// flight, then has the server remove the stream for good. Erasing a
// stream that does not exist is no error; one out of the token's scope is
// [ErrNotFound].
func (a *Adapter) Erase(ctx context.Context, streamID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := wire.CheckStreamID(streamID); err != nil {
		return fmt.Errorf("httpadapter: erase: %w", err)
	}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return fmt.Errorf("httpadapter: erase %q: %w", streamID, sealstream.ErrClosed)
	}
	sh := a.streams[streamID]
	if sh != nil {
		delete(a.streams, streamID)
		sh.stopWatch()
		for l := range sh.logs {
			l.closed.Store(true)
		}
	}
	a.mu.Unlock()
	if sh != nil {
		sh.wmu.Lock() // waits for the appends in flight
		sh.erased = true
		sh.wmu.Unlock()
		sh.signal.Notify()
	}
	err := a.c.retry(ctx, func(ctx context.Context) (bool, error) {
		resp, err := a.c.send(ctx, http.MethodDelete, wire.PathStream, url.Values{wire.Stream: {streamID}}, nil, nil)
		if err != nil {
			return transient(err), err
		}
		drain(resp.Body)
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("httpadapter: erase %q: %w", streamID, err)
	}
	return nil
}
