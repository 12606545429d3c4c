package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// Listen listens on the TCP address addr ("host:port"; port 0 picks a
// free one, which the listener's Addr tells), for [Server.Serve]. When
// certFile is not empty the listener speaks TLS (HTTP/2 offered) with the
// certificate chain and private key in the PEM files certFile and
// keyFile, which are read first: a bad pair fails before anything
// listens.
func Listen(addr, certFile, keyFile string) (net.Listener, error) {
	var cfg *tls.Config
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("server: TLS certificate and key: %w", err)
		}
		cfg = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"},
			MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	return ln, nil
}

// Serve serves s on ln, through the http.Server of [Server.HTTPServer],
// until ctx ends or serving fails. When ctx ends it shuts down: the
// listener closes, open watches end, and the requests in flight, appends
// included, get up to Options.ShutdownTimeout to finish. It returns nil
// after a shutdown that completed. It closes ln but not s: close s, then
// the backend, after it returns.
//
//	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
//	ln, err := server.Listen(":8443", "cert.pem", "key.pem")
//	err = srv.Serve(ctx, ln)
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer(ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.o.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if err != nil {
		_ = hs.Close() // past the timeout: cut the connections left
	}
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("server: shutting down: %w", err)
	}
	return nil
}
