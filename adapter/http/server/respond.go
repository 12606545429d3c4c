package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal","code":"internal"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, wire.Error{Message: msg, Code: code})
}

// notFound is the one answer for anything missing or out of scope.
func notFound(w http.ResponseWriter) { writeJSON(w, http.StatusNotFound, wire.NotFound) }

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="sealstream"`)
	writeError(w, http.StatusUnauthorized, wire.CodeUnauthorized, "missing, unknown or expired token")
}

func forbidden(w http.ResponseWriter, write bool) {
	right := "read"
	if write {
		right = "write"
	}
	writeError(w, http.StatusForbidden, wire.CodeForbidden, "the token may not "+right)
}

func badRequest(w http.ResponseWriter, code, msg string) {
	writeError(w, http.StatusBadRequest, code, msg)
}

// failure answers a backend error (see wireError).
func (s *Server) failure(w http.ResponseWriter, err error) { answerError(w, s.wireError(err)) }

// answerError answers the error e with the status of its code.
func answerError(w http.ResponseWriter, e wire.Error) {
	status := http.StatusInternalServerError
	switch e.Code {
	case wire.CodeUnavailable:
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "1")
	case wire.CodeInvalid, wire.CodeInvalidStream:
		status = http.StatusBadRequest
	case wire.CodeTooLarge:
		status = http.StatusRequestEntityTooLarge
	case wire.CodeConflict:
		status = http.StatusConflict
	}
	writeJSON(w, status, e)
}

// wireError is the error body of a backend error. The messages of
// sentinel errors name streams, versions and offsets (never payloads,
// which the server cannot read anyway) and go to the client; any other
// failure may name the server's files, so the client gets "internal
// error" and the log, when there is one, the message.
func (s *Server) wireError(err error) wire.Error {
	code := codeOf(err)
	if code != wire.CodeInternal {
		return wire.Error{Message: err.Error(), Code: code}
	}
	if s.o.Log != nil {
		s.o.Log.Warn("backend failure", "err", err)
	}
	return wire.Error{Message: "internal error", Code: code}
}

// bodyError answers a request body that could not be read or decoded.
func bodyError(w http.ResponseWriter, err error, what string) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, what+" is over the size limit")
		return
	}
	badRequest(w, wire.CodeInvalid, what+" is not valid: "+err.Error())
}
