package keyset

import (
	"bytes"
	"context"
)

// unchanger is a BlobStore that can tell whether the blob under name is
// still blob without copying it out: the keyring asks at every call, so
// for an in-memory store that check must cost no allocation.
type unchanger interface {
	Unchanged(ctx context.Context, name string, blob []byte) (bool, error)
}

// Unchanged reports whether the blob stored under name equals blob.
func (m *MemStore) Unchanged(ctx context.Context, name string, blob []byte) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.blobs[name]
	return ok && bytes.Equal(b, blob), nil
}
