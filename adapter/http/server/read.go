package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// read serves GET /v1/records?stream=&from=&limit=: the records from
// version from (default 1), one JSON object per line, at most limit of
// them (and at most Options.PageRecords, and PageBytes of records but at
// least one), then a closing line {"end":true} with "more":true when the
// page stopped at a bound. A stream without records is 404, as one out of
// scope. An error after the first record ends the answer with a closing
// line that carries it.
func (s *Server) read(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, false)
	if !ok {
		return
	}
	from, ok := uintParam(w, r, wire.From, 1)
	if !ok {
		return
	}
	limit, ok := uintParam(w, r, wire.Limit, uint64(s.o.PageRecords))
	if !ok {
		return
	}
	limit = min(max(limit, 1), uint64(s.o.PageRecords))
	e, err := s.logs.acquire(r.Context(), id)
	if err != nil {
		s.failure(w, err)
		return
	}
	defer s.logs.release(e)
	rc := http.NewResponseController(w)
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	var n uint64
	size, more := 0, false
	for rec, err := range e.log.Read(r.Context(), from) {
		if err != nil {
			if errors.Is(err, sealstream.ErrClosed) {
				s.logs.drop(e)
			}
			if n == 0 {
				s.failure(w, err)
				return
			}
			_ = enc.Encode(wire.Closing{End: true, Error: s.wireError(err)})
			return
		}
		if n == 0 {
			w.Header().Set("Content-Type", wire.NDJSON)
			w.Header().Set("Cache-Control", "no-store")
		}
		if n%64 == 0 { // a long answer gets WriteTimeout per 64 records
			_ = rc.SetWriteDeadline(time.Now().Add(s.o.WriteTimeout))
		}
		if enc.Encode(wire.FromCodec(&rec)) != nil {
			return
		}
		n, size = n+1, size+rec.Size()
		if n == limit || size >= s.o.PageBytes {
			more = true
			break
		}
	}
	if n == 0 {
		h, err := e.log.Head(r.Context())
		switch {
		case err != nil:
			s.failure(w, err)
			return
		case h.Version == 0:
			notFound(w)
			return
		}
		w.Header().Set("Content-Type", wire.NDJSON)
	}
	_ = enc.Encode(wire.Closing{End: true, More: more})
}

// codeOf is the code of a closing line's error: unavailable for a log
// closed under the request, which the client retries.
func codeOf(err error) string {
	if errors.Is(err, sealstream.ErrClosed) {
		return wire.CodeUnavailable
	}
	return wire.CodeOf(err)
}
