package keyset

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// tombstone is what Forget leaves under a stream's name: no key material,
// only the fact that the keys were destroyed.
var tombstone = []byte("sealstream-shredded\n")

// Keyring maps stream IDs to their Tink AEAD keysets, kept protected in a
// BlobStore. It is safe for concurrent use.
//
// Every call reads the stream's blob from the store again, so that keyrings
// in several processes (or several keyrings in one) sharing a store agree:
// a rotation or [Keyring.Forget] made through any of them is seen by the
// next call of every other. The AEAD made from a blob is cached for as long
// as the stored blob stays the same.
type Keyring struct {
	store BlobStore
	prot  Protector
	mu    sync.Mutex
	cache map[string]cached
}

// cached is the AEAD made from a stream's stored blob.
type cached struct {
	name string
	blob []byte
	aead tink.AEAD
}

// New returns a keyring keeping keysets in store, sealed by prot.
func New(store BlobStore, prot Protector) *Keyring {
	return &Keyring{store: store, prot: prot, cache: map[string]cached{}}
}

// NewMemory returns a keyring in memory, its keysets sealed under a random
// master key that never leaves the process.
func NewMemory() *Keyring {
	kek, err := subtle.NewAESGCM(randomKey())
	if err != nil {
		panic("keyset: AES-GCM with a 32-byte key: " + err.Error())
	}
	return New(NewMemStore(), MasterKey(kek))
}

func randomKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails
	return k
}

func streamName(streamID string) string { return "stream/" + streamID }

// Rotate adds a fresh key to streamID's keyset and makes it primary. Events
// sealed under earlier keys stay readable. A stream without a keyset yet
// gets one first. Rotate from one process at a time: two processes
// rotating one keyset at once can each overwrite the other's new key.
func (k *Keyring) Rotate(ctx context.Context, streamID string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	h, err := k.load(ctx, streamID)
	if errors.Is(err, ErrNotFound) {
		h, err = k.create(ctx, streamID)
	}
	if err != nil {
		return err
	}
	m := tinkkeyset.NewManagerFromHandle(h)
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err == nil {
		err = m.SetPrimary(id)
	}
	if err == nil {
		h, err = m.Handle()
	}
	if err != nil {
		return fmt.Errorf("keyset: rotate %q: %w", streamID, err)
	}
	delete(k.cache, streamID)
	return k.save(ctx, streamID, h)
}

// Forget destroys streamID's keyset (crypto-shredding) and leaves a
// tombstone: afterwards its payloads fail with [sealstream.ErrShredded].
// Where the store is a [Sweeper], leftover copies of the keyset (temporary
// files of a crashed write) are removed too; copies elsewhere (backups)
// are beyond its reach. Keyrings sharing the store, in this process or
// others, see the tombstone at their next call.
func (k *Keyring) Forget(ctx context.Context, streamID string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.cache, streamID)
	if err := k.store.Put(ctx, streamName(streamID), tombstone); err != nil {
		return fmt.Errorf("keyset: forget %q: %w", streamID, err)
	}
	if s, ok := k.store.(Sweeper); ok {
		if err := s.Sweep(ctx, streamName(streamID)); err != nil {
			return fmt.Errorf("keyset: forget %q: %w", streamID, err)
		}
	}
	return nil
}

func (k *Keyring) load(ctx context.Context, streamID string) (*tinkkeyset.Handle, error) {
	blob, err := k.store.Get(ctx, streamName(streamID))
	if err != nil {
		return nil, err
	}
	if bytes.Equal(blob, tombstone) {
		return nil, fmt.Errorf("keyset: stream %q: %w", streamID, sealstream.ErrShredded)
	}
	return k.prot.Open(blob, streamName(streamID))
}

// creator is a BlobStore that can store a blob only if its name is free,
// returning an error matching fs.ErrExist otherwise.
type creator interface {
	Create(ctx context.Context, name string, blob []byte) error
}

// create makes streamID's first keyset. Where the store can create without
// overwriting, two processes creating at once end up with the same keyset.
func (k *Keyring) create(ctx context.Context, streamID string) (*tinkkeyset.Handle, error) {
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: new keyset for %q: %w", streamID, err)
	}
	c, ok := k.store.(creator)
	if !ok {
		return h, k.save(ctx, streamID, h)
	}
	blob, err := k.prot.Seal(h, streamName(streamID))
	if err != nil {
		return nil, err
	}
	err = c.Create(ctx, streamName(streamID), blob)
	if errors.Is(err, fs.ErrExist) {
		return k.load(ctx, streamID)
	}
	return h, err
}

func (k *Keyring) save(ctx context.Context, streamID string, h *tinkkeyset.Handle) error {
	blob, err := k.prot.Seal(h, streamName(streamID))
	if err != nil {
		return err
	}
	return k.store.Put(ctx, streamName(streamID), blob)
}
