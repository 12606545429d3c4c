package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/sealstream/sealstream/adapter/http/server"
	"github.com/sealstream/sealstream/keyset"
	"github.com/spf13/cobra"
)

// blobDir is the directory, in a file store's directory (or in the --keys
// directory of a server store), where serve keeps its clients' sealed
// keyset blobs, as sealstream-serve does.
const blobDir = ".blobs"

// serveFlags are the flags of serve.
type serveFlags struct {
	addr, tokens, cert, key string
	newToken, quiet         bool
	maxBody                 int64
}

func (a *app) serveCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve --tokens FILE",
		Short: "Serve the store over HTTP(S) to the holders of a token (a sync server)",
		Long: "serve makes the store a sync server. Clients are this command (or the\n" +
			"library) with --url http://HOST:PORT (https:// with --tls-cert and --tls-key),\n" +
			"the token in $SEALSTREAM_TOKEN or --token-file, and their own keys (--keys\n" +
			"DIR): the server stores sealed records only, opens no key and needs no\n" +
			"passphrase. It also keeps sealed keyset blobs for library clients, in the\n" +
			"store's directory (the --keys directory for a server store) under " + blobDir + ".\n\n" +
			"--tokens names a JSON list of token hashes and scopes, as sealstream-serve reads:\n" +
			"  [{\"name\": \"laptop\", \"hash\": \"sha256:…\", \"prefix\": \"\", \"blobs\": \"me\",\n" +
			"    \"read\": true, \"write\": true}]\n" +
			"--new-token prints a new token (for the client) and its hash (for the list).\n" +
			"serve prints the address it listens on and logs each request to stderr\n" +
			"(never a query, a token or a body); SIGINT or SIGTERM stops it once the\n" +
			"appends in flight are done.",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.newToken {
				tok, hash, err := server.NewToken()
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "token: %s\nhash:  %s\n", tok, hash)
				return nil
			}
			if f.tokens == "" {
				return usagef("serve needs --tokens FILE (--new-token makes a token and its hash)")
			}
			if (f.cert == "") != (f.key == "") {
				return usagef("--tls-cert and --tls-key go together")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.serve(ctx, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: a free one)")
	fl.StringVar(&f.tokens, "tokens", "", "accept the tokens listed in this JSON `FILE` (hashes and scopes)")
	fl.StringVar(&f.cert, "tls-cert", "", "serve HTTPS with this certificate `FILE` (PEM)")
	fl.StringVar(&f.key, "tls-key", "", "and this private key `FILE` (PEM)")
	fl.BoolVar(&f.newToken, "new-token", false, "print a new token and its hash, and exit")
	fl.BoolVar(&f.quiet, "quiet", false, "log no requests")
	fl.Int64Var(&f.maxBody, "max-body", server.DefaultMaxBody, "refuse append bodies over this many `BYTES`")
	return cmd
}

// serve serves the store the command names until ctx ends, then shuts
// down: watches end, appends in flight finish, the store closes.
func (a *app) serve(ctx context.Context, f serveFlags) error {
	p, err := a.location("")
	if err != nil {
		return err
	}
	if p.remote() {
		return usagef("serve serves a store it opens itself, not another sync server")
	}
	if _, err := os.Stat(p.dir); err != nil && p.file() {
		return fmt.Errorf("no store at %s: create the directory, or run 'sealstream init %s'", p.dir, p.dir)
	}
	tokens, err := server.LoadTokens(f.tokens)
	if err != nil {
		return err
	}
	backend, err := a.opener(ctx, p.url)
	if err != nil {
		return err
	}
	defer backend.Close()
	blobs, err := keyset.OpenDir(filepath.Join(p.dir, blobDir))
	if err != nil {
		return err
	}
	opts := server.Options{Tokens: tokens, MaxBody: f.maxBody}
	if !f.quiet {
		opts.Log = slog.New(slog.NewTextHandler(a.stderr, nil))
	}
	srv, err := server.New(backend, blobs, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := server.Listen(f.addr, f.cert, f.key)
	if err != nil {
		return err
	}
	scheme := "http"
	if f.cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(a.stdout, "listening on %s://%s\n", scheme, ln.Addr())
	return srv.Serve(ctx, ln)
}
