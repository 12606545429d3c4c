package s3

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
)

// BlobStore is a [keyset.BlobStore] in the bucket, under the URL's prefix
// beside the streams, so that a store can live entirely in a bucket:
//
//	blobs, err := s3.NewBlobStore(ctx, url)
//	ring := keyset.New(blobs, keyset.Passphrase(pass, keyset.DefaultArgon2))
//
// Its Create is a put-if-absent (If-None-Match: *), so keyrings in several
// processes can share it. It only ever holds blobs sealed by the keyring's
// protector. In a bucket with versioning on, a deleted or replaced blob
// lives on as an older version until a lifecycle rule expires it, and
// Forget does not destroy it: keep keysets in a bucket without versioning.
type BlobStore struct {
	b      *bucket
	prefix string
	own    bool
}

var _ keyset.BlobStore = (*BlobStore)(nil)

// NewBlobStore returns a blob store at url (as for [Open]). It sends no
// request. Close releases its idle connections.
func NewBlobStore(ctx context.Context, url string) (*BlobStore, error) {
	return NewBlobStoreWith(ctx, url, Options{})
}

// NewBlobStoreWith is [NewBlobStore] with options (credentials, HTTP
// client, retries).
func NewBlobStoreWith(ctx context.Context, url string, opts Options) (*BlobStore, error) {
	b, loc, _, err := connect(ctx, url, opts)
	if err != nil {
		return nil, err
	}
	return &BlobStore{b: b, prefix: loc.prefix, own: true}, nil
}

// BlobStore returns a blob store on the adapter's bucket, prefix and
// connections. Its Close does nothing; the adapter's Close ends it.
func (a *Adapter) BlobStore() *BlobStore { return &BlobStore{b: a.b, prefix: a.loc.prefix} }

func (s *BlobStore) key(name string) (string, error) {
	if name == "" || len(name) > maxNameLen {
		return "", fmt.Errorf("s3: keyset blob name of %d bytes: want 1 to %d: %w", len(name), maxNameLen, sealstream.ErrInvalidArgument)
	}
	return s.prefix + blobDir + encodeName(name) + blobMark, nil
}

// Get returns the blob under name, or an error matching [keyset.ErrNotFound].
func (s *BlobStore) Get(ctx context.Context, name string) ([]byte, error) {
	key, err := s.key(name)
	if err != nil {
		return nil, err
	}
	b, ok, err := s.b.get(ctx, key, keyset.MaxBlobSize)
	switch {
	case err != nil:
		return nil, fmt.Errorf("s3: get keyset blob %q: %w", name, err)
	case !ok:
		return nil, fmt.Errorf("s3: keyset blob %q: %w", name, keyset.ErrNotFound)
	}
	return b, nil
}

// Put stores blob under name in one request, replacing any earlier blob.
// A blob over [keyset.MaxBlobSize] returns [sealstream.ErrTooLarge].
func (s *BlobStore) Put(ctx context.Context, name string, blob []byte) error {
	key, err := s.checked(name, blob)
	if err == nil {
		err = s.b.put(ctx, key, blob)
	}
	if err != nil {
		return fmt.Errorf("s3: put keyset blob %q: %w", name, err)
	}
	return nil
}

// Create stores blob under name only if no blob has that name yet, else it
// returns an error matching [fs.ErrExist]. A retried request whose first
// attempt stored the blob is told apart by reading it back.
func (s *BlobStore) Create(ctx context.Context, name string, blob []byte) error {
	key, err := s.checked(name, blob)
	if err != nil {
		return fmt.Errorf("s3: create keyset blob %q: %w", name, err)
	}
	created, err := s.b.create(ctx, key, blob)
	if err != nil {
		return fmt.Errorf("s3: create keyset blob %q: %w", name, err)
	}
	if !created {
		if held, ok, err := s.b.get(ctx, key, keyset.MaxBlobSize); err == nil && ok && bytes.Equal(held, blob) {
			return nil
		}
		return fmt.Errorf("s3: create keyset blob %q: %w", name, fs.ErrExist)
	}
	return nil
}

func (s *BlobStore) checked(name string, blob []byte) (string, error) {
	if len(blob) > keyset.MaxBlobSize {
		return "", fmt.Errorf("a blob of %d bytes is over the %d limit: %w", len(blob), keyset.MaxBlobSize, sealstream.ErrTooLarge)
	}
	return s.key(name)
}

// Delete removes the blob under name; a missing name is no error.
func (s *BlobStore) Delete(ctx context.Context, name string) error {
	key, err := s.key(name)
	if err == nil {
		err = s.b.remove(ctx, []string{key})
	}
	if err != nil {
		return fmt.Errorf("s3: delete keyset blob %q: %w", name, err)
	}
	return nil
}

// Close releases the idle connections of a store made by [NewBlobStore].
func (s *BlobStore) Close() error {
	if s.own {
		s.b.closeIdle()
	}
	return nil
}
