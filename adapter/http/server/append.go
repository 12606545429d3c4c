package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/codec"
)

// appendTimeout bounds an append once its body is read. The append goes
// on when the client leaves, so that no half-done work depends on it.
const appendTimeout = time.Minute

// append serves POST /v1/records?stream=&expect=: the body's records,
// checked against the codec's limits and numbered expect+1, expect+2, …,
// appended atomically after version expect. 200 with the new head; 409
// with the true head when the log's head is not expect.
func (s *Server) append(w http.ResponseWriter, r *http.Request, g *grant) {
	id, ok := streamFor(w, r, g, true)
	if !ok {
		return
	}
	expect, ok := uintParam(w, r, wire.Expect, 0)
	if !ok {
		return
	}
	recs, ok := s.decodeAppend(w, r, expect)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), appendTimeout)
	defer cancel()
	var head uint64
	err := s.withLog(ctx, id, func(l adapter.Log) error {
		err := l.Append(ctx, expect, recs)
		if errors.Is(err, sealstream.ErrConflict) {
			if h, herr := l.Head(ctx); herr == nil {
				head = h.Version
			}
		}
		return err
	})
	switch {
	case errors.Is(err, sealstream.ErrConflict):
		writeJSON(w, http.StatusConflict, wire.ConflictBody{
			Error: wire.Error{Message: fmt.Sprintf("stream %q is at version %d, not %d", id, head, expect), Code: wire.CodeConflict},
			Head:  head})
	case err != nil:
		s.failure(w, err)
	default:
		writeJSON(w, http.StatusOK, wire.HeadBody{Version: expect + uint64(len(recs))})
	}
}

// decodeAppend reads and checks the body of an append. It answers 413 for
// a body or a batch over the limits and 400 for anything malformed.
func (s *Server) decodeAppend(w http.ResponseWriter, r *http.Request, expect uint64) ([]codec.Record, bool) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.o.MaxBody))
	dec.DisallowUnknownFields()
	var req wire.AppendRequest
	if err := dec.Decode(&req); err != nil {
		bodyError(w, err, "append body")
		return nil, false
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		bodyError(w, fmt.Errorf("data after the JSON object"), "append body")
		return nil, false
	}
	if len(req.Records) > s.o.MaxRecords {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge,
			fmt.Sprintf("append of %d records is over the limit of %d", len(req.Records), s.o.MaxRecords))
		return nil, false
	}
	recs := make([]codec.Record, len(req.Records))
	for i := range req.Records {
		rec, err := req.Records[i].Codec()
		if err == nil && rec.Version != expect+uint64(i)+1 {
			err = fmt.Errorf("record %d has version %d, want %d", i, rec.Version, expect+uint64(i)+1)
		}
		if err != nil {
			badRequest(w, wire.CodeInvalid, err.Error())
			return nil, false
		}
		recs[i] = rec
	}
	return recs, true
}
