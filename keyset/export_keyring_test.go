package keyset

import (
	"context"
	"slices"
)

// The container format is internal; the tests reach it through these.
var (
	Header         = header
	ParseHeader    = parseHeader
	KindMaster     = kindMaster
	KindPassphrase = kindPassphrase
)

// MemNames returns the names m holds blobs under, sorted, as one who can
// read the store sees them.
func MemNames(m *MemStore) []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var names []string
	for n := range m.blobs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// KeyCount returns how many keys the keyset in force of streamID holds.
func KeyCount(ctx context.Context, k *Keyring, streamID string) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	h, err := k.keysetOf(ctx, streamName(streamID), false)
	if err != nil {
		return 0, err
	}
	return h.keys.Len(), nil
}
