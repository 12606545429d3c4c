package keyset

import (
	"bytes"
	"context"
	"errors"
)

// unchanger is a BlobStore that can tell whether the blob under name is
// still blob without copying it out: the keyring asks at every call, so
// for an in-memory store that check must cost no allocation.
type unchanger interface {
	Unchanged(ctx context.Context, name string, blob []byte) (bool, error)
}

// prober is a BlobStore that can tell whether a name holds a blob without
// reading it: the keyring probes the next epoch of a keyset at every call.
type prober interface {
	has(ctx context.Context, name string) (bool, error)
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

func (m *MemStore) has(ctx context.Context, name string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.blobs[name]
	return ok, nil
}

// has reports whether store holds a blob under name.
func has(ctx context.Context, store BlobStore, name string) (bool, error) {
	if p, ok := store.(prober); ok {
		return p.has(ctx, name)
	}
	b, err := get(ctx, store, name)
	return b != nil, err
}

// get returns the blob under name, or nil and no error if there is none.
func get(ctx context.Context, store BlobStore, name string) ([]byte, error) {
	b, err := store.Get(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err == nil && b == nil {
		b = []byte{}
	}
	return b, err
}

// same reports whether store still holds blob, which is not nil, under name.
func same(ctx context.Context, store BlobStore, name string, blob []byte) (bool, error) {
	if u, ok := store.(unchanger); ok {
		return u.Unchanged(ctx, name, blob)
	}
	b, err := get(ctx, store, name)
	return err == nil && b != nil && bytes.Equal(b, blob), err
}
