package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// list serves GET /v1/streams?prefix=: the IDs of the streams in the
// token's scope that start with prefix, one {"stream":…} line each, in the
// backend's order, then a closing line. Streams out of scope are never
// listed, whatever prefix asks.
func (s *Server) list(w http.ResponseWriter, r *http.Request, g *grant) {
	if !g.Read {
		forbidden(w, false)
		return
	}
	prefix := r.URL.Query().Get(wire.Prefix)
	enc := json.NewEncoder(w)
	w.Header().Set("Content-Type", wire.NDJSON)
	w.Header().Set("Cache-Control", "no-store")
	from, ok := g.listPrefix(prefix)
	if ok {
		for id, err := range s.backend.Streams(r.Context(), from) {
			if err != nil {
				_ = enc.Encode(wire.Closing{End: true, Error: s.wireError(err)})
				return
			}
			if !g.reaches(id) || !strings.HasPrefix(id, prefix) {
				continue
			}
			if enc.Encode(struct {
				Stream string `json:"stream"`
			}{id}) != nil {
				return
			}
		}
	}
	_ = enc.Encode(wire.Closing{End: true})
}

// erase serves DELETE /v1/stream?stream=: the stream's log removed for
// good, after the appends in flight on it; 204, also for a stream that
// does not exist.
func (s *Server) erase(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, true)
	if !ok {
		return
	}
	if err := s.logs.erase(r.Context(), id); err != nil {
		s.failure(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
