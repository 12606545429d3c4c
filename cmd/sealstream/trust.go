package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sealstream/sealstream/keyset"
)

// trustedDir is the directory, inside a file store's directory, that keeps
// the recipient exports of trusted writers, one <id>.ssr file each.
const trustedDir = ".trusted"

// trustedExt ends the name of a kept recipient export.
const trustedExt = ".ssr"

// trusted reads the recipient exports kept in the store directory dir.
func trusted(dir string) ([]keyset.Recipient, error) {
	entries, err := os.ReadDir(filepath.Join(dir, trustedDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("trusted writers: %w", err)
	}
	var rs []keyset.Recipient
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), trustedExt) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, trustedDir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("trusted writer %s: %w", e.Name(), err)
		}
		r, err := keyset.ParseRecipient(b)
		if err != nil {
			return nil, fmt.Errorf("trusted writer %s: %w", e.Name(), err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// recipients resolves identity IDs to recipients: a trusted export kept in
// the store directory, else an identity of the store's keyring.
func (a *app) recipients(ctx context.Context, ids []string) ([]keyset.Recipient, error) {
	kept, err := trusted(a.dir)
	if err != nil {
		return nil, err
	}
	var rs []keyset.Recipient
	for _, id := range ids {
		i := slices.IndexFunc(kept, func(r keyset.Recipient) bool { return r.ID() == id })
		if i >= 0 {
			rs = append(rs, kept[i])
			continue
		}
		ident, err := a.store.Keyring().Identity(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("--to %s: %w", id, err)
		}
		r, err := ident.Recipient()
		if err != nil {
			return nil, fmt.Errorf("--to %s: %w", id, err)
		}
		rs = append(rs, r)
	}
	return rs, nil
}
