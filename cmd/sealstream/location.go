package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/nats"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/adapter/s3"
)

// Environment variables naming the default store and keys directory.
const (
	urlEnv  = "SEALSTREAM_URL"
	keysEnv = "SEALSTREAM_KEYS"
)

// place is where a command's store is: its URL, and the local directory
// (made by init) holding its passphrase keyring and trusted writers: the
// store's own directory for a file store, --keys for a server store (a
// sync server's included: its clients keep their keys).
type place struct {
	url string
	dir string
}

// openers serve the schemes other than file://.
var openers = map[string]func(context.Context, string) (adapter.Adapter, error){
	"postgres": postgres.Open, "postgresql": postgres.Open, "nats": nats.Open, "s3": s3.Open,
}

// location returns the store the command names: --url, else
// $SEALSTREAM_URL, else a file store in directory fallback.
func (a *app) location(fallback string) (place, error) {
	raw := a.url
	if raw == "" {
		raw = os.Getenv(urlEnv)
	}
	if raw == "" {
		raw = fallback
	}
	if raw == "" {
		return place{}, usagef("no store: give --url or set $%s", urlEnv)
	}
	if !strings.Contains(raw, "://") {
		return localPlace(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return place{}, usagef("the store URL does not parse")
	}
	if u.Scheme == "file" {
		return localPlace(filepath.FromSlash(u.Path))
	}
	if openers[u.Scheme] == nil && !httpScheme(u.Scheme) {
		return place{}, usagef("store scheme %q: want file://, postgres://, nats://, s3://, http:// or https://", u.Scheme)
	}
	keys := a.keys
	if keys == "" {
		keys = os.Getenv(keysEnv)
	}
	if keys == "" {
		return place{}, usagef("a %s:// store keeps its keys in a local directory: give --keys DIR or set $%s", u.Scheme, keysEnv)
	}
	p, err := localPlace(keys)
	p.url = raw
	return p, err
}

// localPlace is the file store in directory dir.
func localPlace(dir string) (place, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return place{}, fmt.Errorf("store %s: %w", dir, err)
	}
	return place{url: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), dir: abs}, nil
}

// file reports whether the store is a file store.
func (p place) file() bool { return strings.HasPrefix(p.url, "file:") }

// remote reports whether the store is a sync server's.
func (p place) remote() bool {
	u, err := url.Parse(p.url)
	return err == nil && httpScheme(u.Scheme)
}

// opener opens the store's adapter and keeps it for the commands that
// read or write sealed records (export, import).
func (a *app) opener(ctx context.Context, raw string) (adapter.Adapter, error) {
	var ad adapter.Adapter
	var err error
	if u, perr := url.Parse(raw); perr == nil && openers[u.Scheme] != nil {
		ad, err = openers[u.Scheme](ctx, raw)
	} else if perr == nil && httpScheme(u.Scheme) {
		ad, err = a.openRemote(ctx, raw)
	} else if perr == nil && u.Scheme == "file" {
		ad, err = file.OpenURLWith(ctx, raw, &file.Options{OnRecover: a.recovered})
	} else {
		err = sealstream.ErrUnsupportedURL
	}
	a.files = ad
	return ad, err
}

// recovered warns that the file store cut a torn tail from a stream file:
// what a crash in the middle of an append leaves.
func (a *app) recovered(r adapter.Recovery) {
	fmt.Fprintf(a.stderr, "sealstream: warning: stream %q: cut a torn tail of %d bytes at offset %d (%s); the bytes are kept in %s\n",
		r.Stream, r.Bytes, r.Offset, r.Reason, r.Broken)
}
