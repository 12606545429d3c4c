package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// streamFor returns the stream ID r names when g reaches it with the
// right to write (or read). Otherwise it answers and returns false: 400
// for an invalid ID, 404 out of scope (the same answer whether the stream
// exists or not), 403 in scope without the right.
func streamFor(w http.ResponseWriter, r *http.Request, g *grant, write bool) (string, bool) {
	id := r.URL.Query().Get(wire.Stream)
	if err := wire.CheckStreamID(id); err != nil {
		badRequest(w, wire.CodeInvalidStream, err.Error())
		return "", false
	}
	if !g.reaches(id) {
		notFound(w)
		return "", false
	}
	if !g.may(write) {
		forbidden(w, write)
		return "", false
	}
	return id, true
}

// uintParam returns the query parameter name as a number, def when it is
// absent; it answers 400 and returns false when it is malformed.
func uintParam(w http.ResponseWriter, r *http.Request, name string, def uint64) (uint64, bool) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, true
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		badRequest(w, wire.CodeInvalid, "parameter "+name+" is not a version number")
		return 0, false
	}
	return v, true
}

// withLog runs fn on the open log of id. A log found closed (erased
// meanwhile, by a request or by another process sharing the backend) is
// dropped and fn runs once more on the stream opened afresh: a closed log
// did nothing. A failure other than a conflict or bad input drops the log
// too, so that the next request reopens it (a file log whose write failed
// refuses appends until then).
func (s *Server) withLog(ctx context.Context, id string, fn func(adapter.Log) error) error {
	for attempt := 0; ; attempt++ {
		e, err := s.logs.acquire(ctx, id)
		if err != nil {
			return err
		}
		err = fn(e.log)
		if err != nil && !expected(err) {
			s.logs.drop(e)
		}
		s.logs.release(e)
		if attempt == 0 && errors.Is(err, sealstream.ErrClosed) && !s.draining() {
			continue
		}
		return err
	}
}

// expected reports whether err is an answer about the request, not a
// failure of the log.
func expected(err error) bool {
	for _, want := range []error{sealstream.ErrConflict, sealstream.ErrInvalidEvent,
		sealstream.ErrTooLarge, sealstream.ErrIntegrity, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, want) {
			return true
		}
	}
	return false
}
