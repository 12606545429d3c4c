package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// open opens the existing store the command names.
func (a *app) open(ctx context.Context) (*stream.Store, error) {
	p, err := a.location("")
	if err != nil {
		return nil, err
	}
	dir := p.dir
	if _, err := os.Stat(filepath.Join(dir, stream.KeyringDir)); errors.Is(err, fs.ErrNotExist) {
		what := "no store"
		if !p.file() {
			what = "no keyring"
		}
		return nil, fmt.Errorf("%s at %s: create one with 'sealstream init %s'", what, dir, dir)
	}
	if p.remote() {
		if _, err := a.token(); err != nil { // before asking for the passphrase
			return nil, err
		}
	}
	pass, err := a.passphrase(false)
	if err != nil {
		return nil, err
	}
	trust, err := trusted(dir)
	if err != nil {
		return nil, err
	}
	ring, err := keyset.OpenDirKeyring(filepath.Join(dir, stream.KeyringDir), pass)
	if err != nil {
		return nil, a.keyErr(dir, err)
	}
	cfg := stream.Config{URL: p.url, Keys: ring, Trust: trust, Opener: a.opener}
	if a.writer != "" {
		if cfg.Writer, err = ring.Identity(ctx, a.writer); err != nil {
			return nil, fmt.Errorf("--writer: %w", err)
		}
		a.signer = cfg.Writer
	}
	st, err := stream.NewStore(ctx, cfg)
	if err != nil {
		return nil, a.keyErr(dir, err)
	}
	a.store, a.dir = st, dir
	return st, nil
}

// keyErr makes a wrong passphrase one clear line.
func (a *app) keyErr(dir string, err error) error {
	if errors.Is(err, sealstream.ErrWrongKey) {
		return detailed{"wrong passphrase for the keyring at " + dir, err}
	}
	return err
}

// exists reports whether the store holds stream id.
func exists(ctx context.Context, st *stream.Store, id string) (bool, error) {
	for got, err := range st.Streams(ctx, id) {
		if err != nil {
			return false, err
		}
		if got == id {
			return true, nil
		}
	}
	return false, nil
}

// openStream opens stream id of the store the command names; unless
// create, a stream the store does not hold is an error.
func (a *app) openStream(ctx context.Context, id string, create bool) (*stream.Stream[int], error) {
	st, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	if !create {
		ok, err := exists(ctx, st, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("no stream %q in the store", id)
		}
	}
	return stream.Open(ctx, st, id, fold.Count(), 0)
}
