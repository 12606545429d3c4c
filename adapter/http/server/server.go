package server

import (
	"net/http"
	"sync"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/keyset"
)

// Server serves the sync API over a backend adapter and a blob store. It
// is an http.Handler, safe for concurrent use.
type Server struct {
	backend adapter.Adapter
	blobs   keyset.BlobStore
	o       Options
	grants  []*grant
	logs    *logCache
	mux     *http.ServeMux

	stopping chan struct{} // closed by Drain: watches end
	stopOnce sync.Once
	createMu sync.Mutex // serialises Create on a blob store without one
}

// handler serves a request authenticated as g.
type handler func(w http.ResponseWriter, r *http.Request, g *grant)

// New returns a server keeping streams in backend and keyset blobs in
// blobs (nil: no blob API). It refuses a malformed token entry. The server
// does not own backend or blobs: close them after [Server.Close].
func New(backend adapter.Adapter, blobs keyset.BlobStore, opts Options) (*Server, error) {
	o := opts.withDefaults()
	s := &Server{backend: backend, blobs: blobs, o: o, mux: http.NewServeMux(),
		logs: newLogCache(backend, o.OpenLogs), stopping: make(chan struct{})}
	for _, t := range o.Tokens {
		g, err := newGrant(t, &o)
		if err != nil {
			return nil, err
		}
		s.grants = append(s.grants, g)
	}
	s.mux.HandleFunc("GET "+wire.PathHealth, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	})
	s.route("GET "+wire.PathStreams, false, s.list)
	s.route("DELETE "+wire.PathStream, false, s.erase)
	s.route("GET "+wire.PathHead, false, s.head)
	s.route("GET "+wire.PathRecords, false, s.read)
	s.route("POST "+wire.PathRecords, false, s.append)
	s.route("POST "+wire.PathFind, false, s.find)
	s.route("GET "+wire.PathWatch, true, s.watch)
	s.route("GET "+wire.PathChanges, false, s.changes)
	s.route("GET "+wire.PathChangesWatch, true, s.watchChanges)
	s.route("GET "+wire.PathBlobs, false, s.getBlob)
	s.route("PUT "+wire.PathBlobs, false, s.putBlob)
	s.route("DELETE "+wire.PathBlobs, false, s.deleteBlob)
	s.route("POST "+wire.PathSweep, false, s.sweepBlob)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.authenticate(r) == nil {
			unauthorized(w)
			return
		}
		notFound(w)
	})
	return s, nil
}

// route serves pattern with h for authenticated requests within the
// token's concurrency.
func (s *Server) route(pattern string, watch bool, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		g := s.authenticate(r)
		if g == nil {
			unauthorized(w)
			return
		}
		setTokenName(r, g.Name)
		release, ok := g.acquire(watch)
		if !ok {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, wire.CodeTooMany, "too many requests in flight for this token")
			return
		}
		defer release()
		h(w, r, g)
	})
}

// ServeHTTP serves the API, logging each request when Options.Log is set.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.o.Log == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	s.logged(w, r)
}

// Drain ends the open watches and refuses new ones; requests in flight
// go on. [Server.HTTPServer] registers it with RegisterOnShutdown.
func (s *Server) Drain() { s.stopOnce.Do(func() { close(s.stopping) }) }

func (s *Server) draining() bool {
	select {
	case <-s.stopping:
		return true
	default:
		return false
	}
}

// Close drains s and closes the logs it keeps open. Call it after the
// http.Server's Shutdown, before closing the backend.
func (s *Server) Close() error {
	s.Drain()
	return s.logs.close()
}
