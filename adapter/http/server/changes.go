package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// scanPages bounds the changes one page of the feed looks at, in the
// token's scope or not, in PageRecords: a token that reaches few streams
// of a busy store gets pages without changes that still advance.
const scanPages = 16

// changes serves GET /v1/changes?since=&limit=: the changes of the
// backend's feed after position since (default 0) to streams in the
// token's scope, one wire.Change per line, at most limit of them (and at
// most Options.PageRecords), then a wire.ChangesEnd whose last is the
// position of the last change looked at, in scope or not, and whose more
// says the page stopped at a bound. A change out of scope is never sent,
// nor anything of it but its share in last. A backend without a feed
// answers 501; a since that is no position of the feed, 400.
func (s *Server) changes(w http.ResponseWriter, r *http.Request, g *grant) {
	f, ok := s.feedFor(w, g)
	if !ok {
		return
	}
	since, ok := positionParam(w, r, 0)
	if !ok {
		return
	}
	limit, ok := uintParam(w, r, wire.Limit, uint64(s.o.PageRecords))
	if !ok {
		return
	}
	limit = min(max(limit, 1), uint64(s.o.PageRecords))
	scan := scanPages * s.o.PageRecords
	rc := http.NewResponseController(w)
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	started := false
	start := func() {
		if !started {
			started = true
			w.Header().Set("Content-Type", wire.NDJSON)
			w.Header().Set("Cache-Control", "no-store")
		}
	}
	var sent uint64
	last, looked, more := since, 0, false
	for c, err := range f.Changes(r.Context(), since) {
		if err != nil {
			if !started {
				s.feedFailure(w, err)
				return
			}
			_ = enc.Encode(wire.ChangesEnd{End: true, Last: last, Error: s.feedError(err)})
			return
		}
		if looked%64 == 0 { // a long answer gets WriteTimeout per 64 changes
			_ = rc.SetWriteDeadline(time.Now().Add(s.o.WriteTimeout))
		}
		looked++
		if g.reaches(c.Stream) {
			start()
			if enc.Encode(wire.FromChange(c)) != nil {
				return
			}
			sent++
		}
		last = c.Position
		if sent == limit || looked == scan {
			more = true
			break
		}
	}
	start()
	_ = enc.Encode(wire.ChangesEnd{End: true, More: more, Last: last})
}

// feedFor returns the backend's change feed when g may read. Otherwise it
// answers, 403 without the right to read or 501 for a backend without a
// feed, and returns false.
func (s *Server) feedFor(w http.ResponseWriter, g *grant) (adapter.Feed, bool) {
	if !g.Read {
		forbidden(w, false)
		return nil, false
	}
	f, ok := s.backend.(adapter.Feed)
	if !ok {
		writeError(w, http.StatusNotImplemented, wire.CodeUnsupported, "the server's storage keeps no change feed")
		return nil, false
	}
	return f, true
}

// positionParam returns the since parameter of r, def when it is absent;
// it answers 400 and returns false when it is malformed.
func positionParam(w http.ResponseWriter, r *http.Request, def uint64) (uint64, bool) {
	v := r.URL.Query().Get(wire.Since)
	if v == "" {
		return def, true
	}
	p, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		badRequest(w, wire.CodeInvalid, "parameter since is not a position")
		return 0, false
	}
	return p, true
}

// feedFailure answers an error of the feed: 400 for a position the feed
// never gave, as for any backend error otherwise (see feedError).
func (s *Server) feedFailure(w http.ResponseWriter, err error) {
	if errors.Is(err, sealstream.ErrInvalidArgument) {
		badRequest(w, wire.CodeInvalid, "since is no position the change feed has given")
		return
	}
	answerError(w, s.feedError(err))
}

// feedError is the error body of an error of the feed: its code, with a
// message of its own, since the backend's could name a stream out of the
// token's scope (the feed spans every stream). The log, when there is
// one, gets the backend's message.
func (s *Server) feedError(err error) wire.Error {
	e := s.wireError(err)
	if e.Code != wire.CodeInternal {
		if s.o.Log != nil && e.Code != wire.CodeUnavailable {
			s.o.Log.Warn("change feed failure", "err", err)
		}
		e.Message = "the change feed failed: " + e.Code
	}
	return e
}
