// Package serve is the sealstream-serve command: a sync server over a
// file store, for the cmd/sealstream-serve main and the tests that run it
// as a process of its own.
package serve

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/keyset"
)

// BlobDir is the directory, inside -dir, that holds the keyset blobs.
// Stream files never start with a dot.
const BlobDir = ".blobs"

// config is what the flags say.
type config struct {
	dir, addr, tokens, cert, key string
	newToken, quiet              bool
	maxBody                      int64
}

// Main runs the command with args until SIGINT or SIGTERM, and returns
// its exit status: 0, 1 on an error, 2 on a usage error.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, os.Stdout, os.Stderr)
}

// Run runs the command with args until ctx ends. It prints the address
// it listens on to stdout ("listening on http://127.0.0.1:8080") and the
// request log to stderr.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sealstream-serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.dir, "dir", "", "keep the streams (and, in `DIR`/"+BlobDir+", the keyset blobs) in this directory")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen on this `host:port`")
	fs.StringVar(&c.tokens, "tokens", "", "read the accepted tokens from this JSON `file` (hashes and scopes)")
	fs.StringVar(&c.cert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM)")
	fs.StringVar(&c.key, "tls-key", "", "and this private key `file` (PEM)")
	fs.BoolVar(&c.newToken, "new-token", false, "print a new token and its hash, and exit")
	fs.BoolVar(&c.quiet, "quiet", false, "log no requests")
	fs.Int64Var(&c.maxBody, "max-body", server.DefaultMaxBody, "refuse append bodies over this many `bytes`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if c.newToken {
		tok, hash, err := server.NewToken()
		if err != nil {
			fmt.Fprintln(stderr, "sealstream-serve:", err)
			return 1
		}
		fmt.Fprintf(stdout, "token: %s\nhash:  %s\n", tok, hash)
		return 0
	}
	if c.dir == "" || c.tokens == "" || (c.cert == "") != (c.key == "") || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "sealstream-serve: -dir and -tokens are required; -tls-cert and -tls-key go together")
		fs.Usage()
		return 2
	}
	if err := serve(ctx, c, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "sealstream-serve:", err)
		return 1
	}
	return 0
}

// serve opens the stores, listens and serves until ctx ends, then shuts
// down: watches end, requests in flight (appends) finish, stores close.
func serve(ctx context.Context, c config, stdout, stderr io.Writer) error {
	tokens, err := server.LoadTokens(c.tokens)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	backend, err := file.Open(ctx, c.dir, &file.Options{OnRecover: func(r file.Recovery) {
		log.Warn("cut a torn tail", "stream", r.Stream, "offset", r.Offset, "bytes", r.Bytes, "reason", r.Reason)
	}})
	if err != nil {
		return err
	}
	defer backend.Close()
	blobs, err := keyset.OpenDir(filepath.Join(c.dir, BlobDir))
	if err != nil {
		return err
	}
	opts := server.Options{Tokens: tokens, MaxBody: c.maxBody}
	if !c.quiet {
		opts.Log = log
	}
	srv, err := server.New(backend, blobs, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := server.Listen(c.addr, c.cert, c.key)
	if err != nil {
		return err
	}
	scheme := "http"
	if c.cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "listening on %s://%s\n", scheme, ln.Addr())
	return srv.Serve(ctx, ln)
}
