package keyset

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// Keyring maps stream IDs to their Tink AEAD keysets, kept protected in a
// BlobStore. It is safe for concurrent use.
//
// Every call checks the stream's blobs in the store again, so that
// keyrings in several processes (or several keyrings in one) sharing a
// store agree: a rotation or [Keyring.Forget] made through any of them is
// seen by the next call of every other. The AEAD made from a blob is
// cached for as long as the stored blobs stay the same, for the
// [HeadCacheSize] keysets used last; of others, the keyring keeps only the
// newest epoch it saw (a few bytes each). See the package doc for the
// epochs that make an older blob put back an error.
type Keyring struct {
	store BlobStore
	prot  Protector
	mu    sync.Mutex
	rk    *ringKeys // derived from the master keyset, once opened
	heads *heads
}

// New returns a keyring keeping keysets in store. prot seals the keyring's
// master keyset (see [MasterName]), which it opens at the first call; the
// master seals every other keyset.
func New(store BlobStore, prot Protector) *Keyring {
	return &Keyring{store: store, prot: prot, heads: newHeads(HeadCacheSize)}
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

func streamName(streamID string) keyName { return keyName{"stream", streamID} }

// Rotate adds a fresh key to streamID's keyset and makes it primary. Events
// sealed under earlier keys stay readable. A stream without a keyset yet
// gets one. Keyrings rotating one stream at once, in one process or
// several, each add their key, one after the other.
func (k *Keyring) Rotate(ctx context.Context, streamID string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	rk, err := k.keys(ctx)
	if err != nil {
		return fmt.Errorf("keyset: rotate %q: %w", streamID, err)
	}
	n := streamName(streamID)
	_, err = k.change(ctx, rk, n, func(h *head) (*tinkkeyset.Handle, byte, error) {
		if h.shredded() {
			return nil, 0, shreddedErr(n)
		}
		if h.epoch == 0 {
			if err := k.legacy(ctx, n); err != nil {
				return nil, 0, err
			}
		}
		base := h.keys
		if !h.live() { // none yet, or lost
			var err error
			if base, err = tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate()); err != nil {
				return nil, 0, err
			}
		}
		m := tinkkeyset.NewManagerFromHandle(base)
		id, err := m.Add(aead.AES256GCMKeyTemplate())
		if err == nil {
			err = m.SetPrimary(id)
		}
		if err != nil {
			return nil, 0, err
		}
		ks, err := m.Handle()
		return ks, blobKeyset, err
	})
	if err != nil {
		return fmt.Errorf("keyset: rotate %q: %w", streamID, err)
	}
	return nil
}

// Forget destroys streamID's keyset (crypto-shredding) and leaves a
// tombstone: afterwards its payloads fail with [sealstream.ErrShredded].
// Every earlier epoch of the keyset still holding keys in the store is
// overwritten, and where the store is a [Sweeper], leftover copies
// (temporary files of a crashed write) are removed too; copies elsewhere
// (backups) are beyond its reach. Keyrings sharing the store, in this
// process or others, see the tombstone at their next call.
func (k *Keyring) Forget(ctx context.Context, streamID string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.forget(ctx, streamName(streamID)); err != nil {
		return fmt.Errorf("keyset: forget %q: %w", streamID, err)
	}
	return nil
}

// shreddedErr is the error of n's keyset, which was destroyed.
func shreddedErr(n keyName) error {
	return fmt.Errorf("keyset: %s was destroyed: %w", describe(n), sealstream.ErrShredded)
}
