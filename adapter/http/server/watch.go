package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// watch serves GET /v1/watch?stream=&from=&mode= as Server-Sent Events.
// In records mode (the default) each record from version from (default
// 1) is one "record" event whose id is its version; a client that
// reconnects with Last-Event-ID: v resumes at v+1, which takes precedence
// over from. In heads mode each change of the head is one "head" event,
// the first sent at once. Comment lines keep an idle connection alive.
// The answer ends when the client leaves, at [Server.Drain], or with an
// "error" event.
func (s *Server) watch(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, false)
	if !ok {
		return
	}
	mode := r.URL.Query().Get(wire.Mode)
	if mode != "" && mode != wire.ModeRecords && mode != wire.ModeHeads {
		badRequest(w, wire.CodeInvalid, "mode is neither records nor heads")
		return
	}
	next, ok := uintParam(w, r, wire.From, 1)
	if !ok {
		return
	}
	if last := r.Header.Get(wire.LastEventID); last != "" {
		v, err := strconv.ParseUint(last, 10, 64)
		if err != nil {
			badRequest(w, wire.CodeInvalid, "Last-Event-ID is not a version number")
			return
		}
		next = v + 1
	}
	if s.draining() {
		s.failure(w, fmt.Errorf("server: shutting down: %w", sealstream.ErrClosed))
		return
	}
	e, err := s.logs.acquire(r.Context(), id)
	if err != nil {
		s.failure(w, err)
		return
	}
	defer s.logs.release(e)
	w.Header().Set("Content-Type", wire.EventStream)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	f := &feed{w: w, rc: http.NewResponseController(w), s: s, log: e.log, tail: &e.tail, next: max(next, 1), heads: mode == wire.ModeHeads}
	if f.run(r) != nil && errors.Is(f.err, sealstream.ErrClosed) {
		s.logs.drop(e)
	}
}

// feed is one watch's connection and position.
type feed struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	s     *Server
	log   adapter.Log
	tail  *tail
	next  uint64 // records mode: the next version to send
	sent  uint64 // heads mode: the last head sent
	heads bool
	err   error // the log's error that ended the feed
}

// run sends events until the client leaves, the server drains or the log
// fails; it returns the log's error, or nil.
func (f *feed) run(r *http.Request) error {
	tick := time.NewTicker(f.s.o.Heartbeat)
	defer tick.Stop()
	f.deadline()
	f.w.WriteHeader(http.StatusOK)
	for first := true; ; first = false {
		ch := f.log.Changed()
		if f.err = f.send(r, first); f.err != nil {
			b, _ := json.Marshal(f.s.wireError(f.err))
			f.deadline()
			_ = wire.WriteEvent(f.w, "", wire.EventError, b)
			_ = f.rc.Flush()
			return f.err
		}
		if f.rc.Flush() != nil {
			return nil
		}
		for waiting := true; waiting; {
			select {
			case <-ch:
				waiting = false
			case <-r.Context().Done():
				return nil
			case <-f.s.stopping:
				return nil
			case <-tick.C:
				f.deadline()
				if _, err := f.w.Write([]byte(": ping\n\n")); err != nil || f.rc.Flush() != nil {
					return nil
				}
			}
		}
	}
}

// deadline gives the next writes WriteTimeout, so that a client that stops
// reading cannot hold the handler forever.
func (f *feed) deadline() { _ = f.rc.SetWriteDeadline(time.Now().Add(f.s.o.WriteTimeout)) }

// send sends what changed since the last call: the head, or the records
// from next up to the head.
func (f *feed) send(r *http.Request, first bool) error {
	ctx := r.Context()
	if f.heads {
		h, err := f.log.Head(ctx)
		if err != nil || (!first && h.Version == f.sent) {
			return ignoreGone(r, err)
		}
		b, _ := json.Marshal(wire.HeadBody{Version: h.Version})
		f.deadline()
		f.sent = h.Version
		_ = wire.WriteEvent(f.w, strconv.FormatUint(h.Version, 10), wire.EventHead, b)
		return nil
	}
	for {
		evs, err := f.tail.since(ctx, f.log, f.next)
		if errors.Is(err, errBehind) {
			err = f.history(ctx)
		}
		if err != nil || len(evs) == 0 {
			return ignoreGone(r, err)
		}
		for i, ev := range evs {
			if i%64 == 0 {
				f.deadline()
			}
			if _, err := f.w.Write(ev); err != nil {
				return nil
			}
		}
		f.next += uint64(len(evs))
		if f.rc.Flush() != nil {
			return nil
		}
	}
}

// history sends the records from next up to the head, read from the log
// itself: those before what the tail keeps.
func (f *feed) history(ctx context.Context) error {
	n := 0
	for rec, err := range f.log.Read(ctx, f.next) {
		if err != nil {
			return err
		}
		b, err := json.Marshal(wire.FromCodec(&rec))
		if err != nil {
			return err
		}
		if n%64 == 0 {
			f.deadline()
		}
		if _, err := f.w.Write(encodeEvent(strconv.FormatUint(rec.Version, 10), b)); err != nil {
			return nil
		}
		f.next = rec.Version + 1
		if n++; n%256 == 0 && f.rc.Flush() != nil {
			return nil
		}
	}
	return nil
}

// ignoreGone drops the error of a read that ended because the client left.
func ignoreGone(r *http.Request, err error) error {
	if r.Context().Err() != nil {
		return nil
	}
	return err
}
