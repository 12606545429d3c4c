package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// statusWriter records the status and size of an answer for the log. It
// unwraps, so that http.ResponseController reaches the connection.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes of the answer.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush flushes the underlying writer.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type nameKey struct{}

// setTokenName tells the request log which token made r.
func setTokenName(r *http.Request, name string) {
	if p, ok := r.Context().Value(nameKey{}).(*string); ok {
		*p = name
	}
}

// logged serves r and logs one line: no query, no header, no body.
func (s *Server) logged(w http.ResponseWriter, r *http.Request) {
	start, name := time.Now(), ""
	sw := &statusWriter{ResponseWriter: w}
	s.mux.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), nameKey{}, &name)))
	s.o.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("token", name), slog.Int("status", sw.status),
		slog.Int64("bytes", sw.bytes), slog.Duration("took", time.Since(start)))
}
