package server

import (
	"log/slog"
	"net/http"
	"time"
)

// Defaults used when a field of Options is left zero.
const (
	DefaultMaxBody           = 64 << 20 // bytes of an append's body
	DefaultMaxRecords        = 10000    // records of one append
	DefaultPageRecords       = 1000     // records of one read answer
	DefaultPageBytes         = 4 << 20  // record bytes of one read answer (at least one record)
	DefaultMaxInFlight       = 16       // requests of one token at once, watches aside
	DefaultMaxWatches        = 64       // watches of one token at once
	DefaultOpenLogs          = 256      // idle logs kept open
	DefaultHeartbeat         = 15 * time.Second
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 2 * time.Minute
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultShutdownTimeout   = 30 * time.Second
	// MaxHeaderBytes bounds the request line and headers.
	MaxHeaderBytes = 64 << 10
)

// Options configure a Server. Zero fields take the defaults above.
type Options struct {
	// Tokens are the bearer tokens the server accepts.
	Tokens []Token
	// MaxBody bounds an append's request body, in bytes: 413 beyond.
	MaxBody int64
	// MaxRecords bounds the records of one append: 413 beyond.
	MaxRecords int
	// PageRecords and PageBytes bound one read answer; the client asks
	// again for the rest. PageRecords also bounds the changes of one page
	// of the change feed, which looks at 16 times as many at most.
	PageRecords int
	PageBytes   int
	// MaxInFlight bounds the requests of one token at once, and MaxWatches
	// its open watches: 429 beyond.
	MaxInFlight int
	MaxWatches  int
	// OpenLogs is how many logs without a request stay open, warm.
	OpenLogs int
	// Heartbeat is the period of the comment lines that keep an idle
	// watch's connection alive through proxies.
	Heartbeat time.Duration
	// Timeouts of the http.Server that [Server.HTTPServer] makes. Watches
	// lift WriteTimeout for themselves; a read answer extends it per
	// record.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// ShutdownTimeout bounds how long [Server.Serve] waits, once its
	// context has ended, for the requests in flight to finish.
	ShutdownTimeout time.Duration
	// Log, when set, gets one line per request: method, path, token name,
	// status, bytes and duration. Never a query (it holds stream IDs), a
	// token or a body.
	Log *slog.Logger
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	def(&o.MaxRecords, DefaultMaxRecords)
	def(&o.PageRecords, DefaultPageRecords)
	def(&o.PageBytes, DefaultPageBytes)
	def(&o.MaxInFlight, DefaultMaxInFlight)
	def(&o.MaxWatches, DefaultMaxWatches)
	def(&o.OpenLogs, DefaultOpenLogs)
	defDur(&o.Heartbeat, DefaultHeartbeat)
	defDur(&o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	defDur(&o.ReadTimeout, DefaultReadTimeout)
	defDur(&o.WriteTimeout, DefaultWriteTimeout)
	defDur(&o.IdleTimeout, DefaultIdleTimeout)
	defDur(&o.ShutdownTimeout, DefaultShutdownTimeout)
	return o
}

// HTTPServer returns an http.Server for s on addr with the timeouts of
// s's Options and a bound on headers. Its Shutdown ends open watches (see
// [Server.Drain]) and waits for the requests in flight, appends included,
// to finish; close s and the backend after it.
func (s *Server) HTTPServer(addr string) *http.Server {
	hs := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: s.o.ReadHeaderTimeout,
		ReadTimeout:       s.o.ReadTimeout,
		WriteTimeout:      s.o.WriteTimeout,
		IdleTimeout:       s.o.IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	if s.o.Log != nil {
		hs.ErrorLog = slog.NewLogLogger(s.o.Log.Handler(), slog.LevelWarn)
	}
	hs.RegisterOnShutdown(s.Drain)
	return hs
}
