package server

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// head serves GET /v1/head?stream=: the version, last record and storage
// size of the stream; 404 when it holds no record, as one out of scope.
func (s *Server) head(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, false)
	if !ok {
		return
	}
	var h adapter.Head
	err := s.withLog(r.Context(), id, func(l adapter.Log) (err error) {
		h, err = l.Head(r.Context())
		return err
	})
	switch {
	case err != nil:
		s.failure(w, err)
	case h.Version == 0:
		notFound(w)
	default:
		last := wire.FromCodec(&h.Last)
		writeJSON(w, http.StatusOK, wire.HeadBody{Version: h.Version, Last: &last, Bytes: h.Bytes})
	}
}

// find serves POST /v1/find?stream= with {"ids":[…]}: the version holding
// each event ID, 0 where none does, from the backend's own index. A
// backend without one answers 501, and the client indexes by reading.
func (s *Server) find(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, false)
	if !ok {
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.o.MaxBody))
	dec.DisallowUnknownFields()
	var req wire.FindRequest
	if err := dec.Decode(&req); err != nil {
		bodyError(w, err, "find body")
		return
	}
	if len(req.IDs) > s.o.MaxRecords {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge,
			fmt.Sprintf("find of %d IDs is over the limit of %d", len(req.IDs), s.o.MaxRecords))
		return
	}
	var at []uint64
	supported := true
	err := s.withLog(r.Context(), id, func(l adapter.Log) (err error) {
		f, ok := l.(adapter.Finder)
		if !ok {
			supported = false
			return nil
		}
		at, err = f.Find(r.Context(), req.IDs)
		return err
	})
	switch {
	case err != nil:
		s.failure(w, err)
	case !supported:
		writeError(w, http.StatusNotImplemented, wire.CodeInternal, "the server's storage has no event ID index")
	default:
		writeJSON(w, http.StatusOK, wire.FindBody{Versions: at})
	}
}
