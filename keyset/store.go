package keyset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

// ErrNotFound is returned by [BlobStore.Get] when no blob has the name.
var ErrNotFound = errors.New("keyset: not found")

// BlobStore keeps protected keyset blobs by name. Names are opaque strings
// (they may hold any character); a store maps them to storage safely.
// Implementations are safe for concurrent use.
//
// A store that also has
//
//	Create(ctx context.Context, name string, blob []byte) error
//
// storing blob only if name is free and returning an error matching
// [fs.ErrExist] otherwise, as [MemStore] and [DirStore] do, can be shared by
// keyrings in several processes: a keyring writes every change of a keyset
// as a new blob with it. Without Create, keep to one keyring per store.
type BlobStore interface {
	// Get returns the blob stored under name, or an error matching ErrNotFound.
	Get(ctx context.Context, name string) ([]byte, error)
	// Put stores blob under name atomically, replacing any earlier blob.
	Put(ctx context.Context, name string, blob []byte) error
	// Delete destroys the blob under name; deleting a missing name is no error.
	Delete(ctx context.Context, name string) error
}

// Sweeper is a [BlobStore] whose writes can leave copies of a blob behind,
// such as the temporary files of writes killed midway, and which can
// remove them. [Keyring.Forget] and [Keyring.ForgetIdentity] sweep every
// blob of the keyset they destroy, so no earlier copy of it outlives it in
// the store. [DirStore] is one.
type Sweeper interface {
	// Sweep removes every leftover copy of the blobs of name, other than
	// the blob stored under name.
	Sweep(ctx context.Context, name string) error
}

// MemStore is a [BlobStore] in memory.
type MemStore struct {
	mu    sync.RWMutex
	blobs map[string][]byte
}

// NewMemStore returns an empty in-memory blob store.
func NewMemStore() *MemStore { return &MemStore{blobs: map[string][]byte{}} }

// Get returns a copy of the blob under name.
func (m *MemStore) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.blobs[name]
	if !ok {
		return nil, fmt.Errorf("keyset: blob %q: %w", name, ErrNotFound)
	}
	return append([]byte(nil), b...), nil
}

// Put stores a copy of blob under name.
func (m *MemStore) Put(ctx context.Context, name string, blob []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[name] = append([]byte(nil), blob...)
	return nil
}

// Create stores a copy of blob under name only if no blob has that name
// yet; else it returns an error matching [fs.ErrExist] and leaves the
// stored blob as it was.
func (m *MemStore) Create(ctx context.Context, name string, blob []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.blobs[name]; ok {
		return fmt.Errorf("keyset: create %q: %w", name, fs.ErrExist)
	}
	m.blobs[name] = append([]byte(nil), blob...)
	return nil
}

// Delete removes the blob under name and clears its bytes.
func (m *MemStore) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.blobs[name])
	delete(m.blobs, name)
	return nil
}
