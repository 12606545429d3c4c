package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"

	"github.com/sealstream/sealstream/adapter/http/internal/wire"
	"github.com/sealstream/sealstream/keyset"
)

// blobFor returns the name in the blob store of the blob r names, in g's
// namespace: "<namespace>/<name>". Namespaces hold no '/', so no name of
// one token can reach another's. A token without a namespace, or a server
// without a blob store, finds nothing (404); a token without the right
// gets 403.
func (s *Server) blobFor(w http.ResponseWriter, r *http.Request, g *grant, write bool) (string, bool) {
	name := r.URL.Query().Get(wire.Name)
	if err := wire.CheckName(name); err != nil {
		badRequest(w, wire.CodeInvalid, err.Error())
		return "", false
	}
	if s.blobs == nil || g.Blobs == "" {
		notFound(w)
		return "", false
	}
	if !g.may(write) {
		forbidden(w, write)
		return "", false
	}
	return g.Blobs + "/" + name, true
}

// etag is the entity tag of a blob: its quoted hex SHA-256.
func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// getBlob serves GET and HEAD /v1/blobs?name=: the blob, with its ETag;
// 304 when If-None-Match names it; 404 when missing.
func (s *Server) getBlob(w http.ResponseWriter, r *http.Request, g *grant) {
	name, ok := s.blobFor(w, r, g, false)
	if !ok {
		return
	}
	b, err := s.blobs.Get(r.Context(), name)
	switch {
	case errors.Is(err, keyset.ErrNotFound):
		notFound(w)
		return
	case err != nil:
		s.failure(w, err)
		return
	}
	tag := etag(b)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-store")
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	_, _ = w.Write(b)
}

// putBlob serves PUT /v1/blobs?name=: the body, at most
// [keyset.MaxBlobSize] bytes, stored under name (204). With
// If-None-Match: * it is stored only if the name is free (201), else 412.
func (s *Server) putBlob(w http.ResponseWriter, r *http.Request, g *grant) {
	name, ok := s.blobFor(w, r, g, true)
	if !ok {
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, keyset.MaxBlobSize))
	if err != nil {
		bodyError(w, err, "blob")
		return
	}
	if r.Header.Get("If-None-Match") != "*" {
		if err := s.blobs.Put(r.Context(), name, b); err != nil {
			s.failure(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	switch err := s.create(r.Context(), name, b); {
	case errors.Is(err, fs.ErrExist):
		writeError(w, http.StatusPreconditionFailed, wire.CodeExists, "a blob has that name")
	case err != nil:
		s.failure(w, err)
	default:
		w.WriteHeader(http.StatusCreated)
	}
}

// creator is a blob store that creates atomically.
type creator interface {
	Create(ctx context.Context, name string, blob []byte) error
}

// create stores b under name if it is free, with the store's Create, or
// else under the server's lock: the server is then the store's only
// writer, which must hold.
func (s *Server) create(ctx context.Context, name string, b []byte) error {
	if c, ok := s.blobs.(creator); ok {
		return c.Create(ctx, name, b)
	}
	s.createMu.Lock()
	defer s.createMu.Unlock()
	if _, err := s.blobs.Get(ctx, name); err == nil {
		return fmt.Errorf("server: create blob: %w", fs.ErrExist)
	} else if !errors.Is(err, keyset.ErrNotFound) {
		return err
	}
	return s.blobs.Put(ctx, name, b)
}

// deleteBlob serves DELETE /v1/blobs?name=: 204, also when missing.
func (s *Server) deleteBlob(w http.ResponseWriter, r *http.Request, g *grant) {
	name, ok := s.blobFor(w, r, g, true)
	if !ok {
		return
	}
	if err := s.blobs.Delete(r.Context(), name); err != nil {
		s.failure(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// sweepBlob serves POST /v1/blobs/sweep?name=: the leftover copies of the
// blob that the store may hold removed, when it is a [keyset.Sweeper]; 204.
func (s *Server) sweepBlob(w http.ResponseWriter, r *http.Request, g *grant) {
	name, ok := s.blobFor(w, r, g, true)
	if !ok {
		return
	}
	if sw, ok := s.blobs.(keyset.Sweeper); ok {
		if err := sw.Sweep(r.Context(), name); err != nil {
			s.failure(w, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
