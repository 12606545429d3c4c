package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// watchChanges serves GET /v1/changes/watch?since= as Server-Sent Events:
// each change of the backend's feed after position since (default 0) to a
// stream in the token's scope is one "change" event whose data is a
// wire.Change and whose id is its position; history, then live. A client
// that reconnects with Last-Event-ID: p resumes after p, which takes
// precedence over since. Changes out of scope are never sent. It counts
// as one of the token's watches, keeps the connection alive with comment
// lines, and ends when the client leaves, at [Server.Drain], or with an
// "error" event. A backend without a feed answers 501; a since that is
// no position of the feed, 400.
func (s *Server) watchChanges(w http.ResponseWriter, r *http.Request, g *grant) {
	f, ok := s.feedFor(w, g)
	if !ok {
		return
	}
	since, ok := positionParam(w, r, 0)
	if !ok {
		return
	}
	if last := r.Header.Get(wire.LastEventID); last != "" {
		p, err := strconv.ParseUint(last, 10, 64)
		if err != nil {
			badRequest(w, wire.CodeInvalid, "Last-Event-ID is not a position")
			return
		}
		since = p
	}
	if s.draining() {
		s.failure(w, fmt.Errorf("server: shutting down: %w", sealstream.ErrClosed))
		return
	}
	cw := &changeWatch{w: w, rc: http.NewResponseController(w), s: s, g: g, feed: f, next: since}
	cw.run(r)
}

// changeWatch is one watch of the feed: its connection and position.
type changeWatch struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	s       *Server
	g       *grant
	feed    adapter.Feed
	next    uint64 // the position of the last change looked at
	started bool   // the 200 answer is sent
}

// run sends events until the client leaves, the server drains or the
// feed fails. An error of the first read, before any event, is the
// answer's status instead.
func (cw *changeWatch) run(r *http.Request) {
	tick := time.NewTicker(cw.s.o.Heartbeat)
	defer tick.Stop()
	for {
		ch := cw.feed.FeedChanged()
		err := cw.send(r.Context())
		if r.Context().Err() != nil {
			return
		}
		if err != nil {
			if !cw.started {
				cw.s.feedFailure(cw.w, err)
				return
			}
			b, _ := json.Marshal(cw.s.feedError(err))
			cw.deadline()
			_ = wire.WriteEvent(cw.w, "", wire.EventError, b)
			_ = cw.rc.Flush()
			return
		}
		cw.start()
		if cw.rc.Flush() != nil {
			return
		}
		for waiting := true; waiting; {
			select {
			case <-ch:
				waiting = false
			case <-r.Context().Done():
				return
			case <-cw.s.stopping:
				return
			case <-tick.C:
				cw.deadline()
				if _, err := cw.w.Write([]byte(": ping\n\n")); err != nil || cw.rc.Flush() != nil {
					return
				}
			}
		}
	}
}

// start sends the headers of the answer, once.
func (cw *changeWatch) start() {
	if cw.started {
		return
	}
	cw.started = true
	cw.w.Header().Set("Content-Type", wire.EventStream)
	cw.w.Header().Set("Cache-Control", "no-cache")
	cw.w.Header().Set("X-Accel-Buffering", "no")
	cw.deadline()
	cw.w.WriteHeader(http.StatusOK)
}

// deadline gives the next writes WriteTimeout, so that a client that stops
// reading cannot hold the handler forever.
func (cw *changeWatch) deadline() {
	_ = cw.rc.SetWriteDeadline(time.Now().Add(cw.s.o.WriteTimeout))
}

// send sends the changes in scope after next up to the newest, and moves
// next past every change it looked at.
func (cw *changeWatch) send(ctx context.Context) error {
	n := 0
	for c, err := range cw.feed.Changes(ctx, cw.next) {
		if err != nil {
			return err
		}
		cw.next = c.Position
		if !cw.g.reaches(c.Stream) {
			continue
		}
		cw.start()
		b, err := json.Marshal(wire.FromChange(c))
		if err != nil {
			return err
		}
		if n%64 == 0 {
			cw.deadline()
		}
		if wire.WriteEvent(cw.w, strconv.FormatUint(c.Position, 10), wire.EventChange, b) != nil {
			return nil // the client left: the next flush says so
		}
		if n++; n%256 == 0 && cw.rc.Flush() != nil {
			return nil
		}
	}
	return nil
}
