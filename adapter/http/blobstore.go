package httpadapter

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/keyset"
)

// BlobStore is a [keyset.BlobStore] on the server, in the blob namespace
// of the token, so that a keyring can live there:
//
//	blobs, err := httpadapter.NewBlobStore(url, httpadapter.Options{Token: token})
//	ring := keyset.New(blobs, keyset.Passphrase(pass, keyset.DefaultArgon2))
//
// The server only ever sees blobs sealed by the keyring's protector. Its
// Create is atomic on the server, so keyrings on several devices can share
// it. Get and Has retry transient failures like reads; Put, Delete and
// Sweep are repeated safely; a Create retried after a lost answer is told
// apart by reading the blob back.
type BlobStore struct{ c *client }

var (
	_ keyset.BlobStore = (*BlobStore)(nil)
	_ keyset.Sweeper   = (*BlobStore)(nil)
)

// NewBlobStore returns the blob store of the server at url. It sends no
// request; Close releases its own connections.
func NewBlobStore(url string, o Options) (*BlobStore, error) {
	c, err := newClient(url, o)
	if err != nil {
		return nil, err
	}
	return &BlobStore{c: c}, nil
}

// request sends one blob request, retried while transient, and returns
// the answer's status and body (at most MaxBlobSize bytes).
func (s *BlobStore) request(ctx context.Context, method, path, name string, body []byte, hdr http.Header) (status int, out []byte, err error) {
	if err := wire.CheckName(name); err != nil {
		return 0, nil, err
	}
	if body != nil && len(body) > keyset.MaxBlobSize {
		return 0, nil, fmt.Errorf("a blob of %d bytes is over the %d limit: %w", len(body), keyset.MaxBlobSize, sealstream.ErrTooLarge)
	}
	err = s.c.retry(ctx, func(ctx context.Context) (bool, error) {
		resp, err := s.c.send(ctx, method, path, url.Values{wire.Name: {name}}, body, hdr)
		if se, ok := statusOf(err); ok && (se.status == http.StatusNotFound || se.status == http.StatusPreconditionFailed) {
			status = se.status
			return false, nil
		}
		if err != nil {
			return transient(err), err
		}
		defer resp.Body.Close()
		status = resp.StatusCode
		out, err = io.ReadAll(io.LimitReader(resp.Body, keyset.MaxBlobSize+1))
		if err == nil && len(out) > keyset.MaxBlobSize {
			err = fmt.Errorf("the server sent a blob over %d bytes: %w", keyset.MaxBlobSize, sealstream.ErrCorrupt)
			return false, err
		}
		return err != nil, err
	})
	return status, out, err
}

// Get returns the blob under name, or an error matching
// [keyset.ErrNotFound].
func (s *BlobStore) Get(ctx context.Context, name string) ([]byte, error) {
	status, b, err := s.request(ctx, http.MethodGet, wire.PathBlobs, name, nil, nil)
	switch {
	case err != nil:
		return nil, fmt.Errorf("httpadapter: get keyset blob %q: %w", name, err)
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("httpadapter: keyset blob %q: %w", name, keyset.ErrNotFound)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// Has reports whether a blob is stored under name, without fetching it.
func (s *BlobStore) Has(ctx context.Context, name string) (bool, error) {
	status, _, err := s.request(ctx, http.MethodHead, wire.PathBlobs, name, nil, nil)
	if err != nil {
		return false, fmt.Errorf("httpadapter: look up keyset blob %q: %w", name, err)
	}
	return status != http.StatusNotFound, nil
}

// Unchanged reports whether the blob under name is still blob, without
// fetching it when it is: the server answers 304 to its hash. A keyring
// asks at every call.
func (s *BlobStore) Unchanged(ctx context.Context, name string, blob []byte) (bool, error) {
	sum := sha256.Sum256(blob)
	hdr := http.Header{"If-None-Match": {`"` + hex.EncodeToString(sum[:]) + `"`}}
	status, b, err := s.request(ctx, http.MethodGet, wire.PathBlobs, name, nil, hdr)
	if err != nil {
		return false, fmt.Errorf("httpadapter: check keyset blob %q: %w", name, err)
	}
	return status == http.StatusNotModified || (status == http.StatusOK && bytes.Equal(b, blob)), nil
}

// Put stores blob under name, replacing any earlier blob. A blob over
// [keyset.MaxBlobSize] is [sealstream.ErrTooLarge].
func (s *BlobStore) Put(ctx context.Context, name string, blob []byte) error {
	if _, _, err := s.request(ctx, http.MethodPut, wire.PathBlobs, name, nonNil(blob), octets()); err != nil {
		return fmt.Errorf("httpadapter: put keyset blob %q: %w", name, err)
	}
	return nil
}

// Create stores blob under name only if no blob has that name yet, else
// it returns an error matching [fs.ErrExist].
func (s *BlobStore) Create(ctx context.Context, name string, blob []byte) error {
	status, _, err := s.request(ctx, http.MethodPut, wire.PathBlobs, name, nonNil(blob), octets("If-None-Match", "*"))
	if err != nil {
		return fmt.Errorf("httpadapter: create keyset blob %q: %w", name, err)
	}
	if status == http.StatusPreconditionFailed {
		// A retry whose first attempt stored the blob finds it taken by
		// the same bytes.
		if held, err := s.Get(ctx, name); err == nil && bytes.Equal(held, blob) {
			return nil
		}
		return fmt.Errorf("httpadapter: create keyset blob %q: %w", name, fs.ErrExist)
	}
	return nil
}

// Delete removes the blob under name; a missing name is no error.
func (s *BlobStore) Delete(ctx context.Context, name string) error {
	if _, _, err := s.request(ctx, http.MethodDelete, wire.PathBlobs, name, nil, nil); err != nil {
		return fmt.Errorf("httpadapter: delete keyset blob %q: %w", name, err)
	}
	return nil
}

// Sweep has the server remove the leftover copies of the blob under name
// that its store may hold (a directory store keeps the temporary files of
// writes killed midway); [keyset.Keyring.Forget] calls it.
func (s *BlobStore) Sweep(ctx context.Context, name string) error {
	if _, _, err := s.request(ctx, http.MethodPost, wire.PathSweep, name, nil, nil); err != nil {
		return fmt.Errorf("httpadapter: sweep keyset blob %q: %w", name, err)
	}
	return nil
}

// Close releases the connections of a store made by [NewBlobStore].
func (s *BlobStore) Close() error {
	if s.c.own {
		s.c.hc.CloseIdleConnections()
	}
	return nil
}

// octets returns the headers of a blob upload, and more pairs.
func octets(kv ...string) http.Header {
	h := http.Header{"Content-Type": {"application/octet-stream"}}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
