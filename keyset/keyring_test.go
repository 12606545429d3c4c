package keyset_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

func TestStreamAEADReturnsTheKeyItCreated(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			a1, err := ring.StreamAEAD(t.Context(), "s")
			if err != nil {
				t.Fatal(err)
			}
			ct := encrypt(t, a1)
			a2, err := ring.StreamAEAD(t.Context(), "s")
			if err != nil {
				t.Fatal(err)
			}
			mustDecrypt(t, a2, ct)
			// A keyring reopened on the same store and passphrase or key
			// reads the same keyset.
			a3, err := sskeyset.New(b.store, b.prot).StreamAEAD(t.Context(), "s")
			if err != nil {
				t.Fatal(err)
			}
			mustDecrypt(t, a3, ct)
			mustDecrypt(t, a1, encrypt(t, a3))
		})
	}
}

func TestRotateKeepsOldKeysReadable(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			a, err := ring.StreamAEAD(t.Context(), "s")
			if err != nil {
				t.Fatal(err)
			}
			old := encrypt(t, a)
			seen := map[uint32]bool{keyID(old): true}
			for i := range 3 {
				if err := ring.Rotate(t.Context(), "s"); err != nil {
					t.Fatalf("Rotate %d: %v", i, err)
				}
				a, err = ring.StreamAEAD(t.Context(), "s")
				if err != nil {
					t.Fatal(err)
				}
				mustDecrypt(t, a, old)
				ct := encrypt(t, a)
				id := keyID(ct)
				if seen[id] {
					t.Fatalf("rotation %d: new ciphertext carries an earlier key ID %d", i, id)
				}
				if want := primaryID(t, b, "s"); id != want {
					t.Fatalf("rotation %d: ciphertext key ID %d, stored primary %d", i, id, want)
				}
				seen[id] = true
			}
		})
	}
}

func TestForgetShredsTheStream(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			if _, err := ring.StreamAEAD(t.Context(), "s"); err != nil {
				t.Fatal(err)
			}
			if err := ring.Forget(t.Context(), "s"); err != nil {
				t.Fatal(err)
			}
			if err := ring.Forget(t.Context(), "never-used"); err != nil {
				t.Fatal(err)
			}
			for _, r := range []*sskeyset.Keyring{ring, sskeyset.New(b.store, b.prot)} {
				for _, id := range []string{"s", "never-used"} {
					if _, err := r.StreamAEAD(t.Context(), id); !errors.Is(err, sealstream.ErrShredded) {
						t.Errorf("StreamAEAD(%q) after Forget: err = %v, want ErrShredded", id, err)
					}
					if err := r.Rotate(t.Context(), id); !errors.Is(err, sealstream.ErrShredded) {
						t.Errorf("Rotate(%q) after Forget: err = %v, want ErrShredded", id, err)
					}
				}
			}
		})
	}
}

func TestStreamsHaveIndependentKeys(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ring := sskeyset.New(b.store, b.prot)
			a, err := ring.StreamAEAD(t.Context(), "a")
			if err != nil {
				t.Fatal(err)
			}
			bb, err := ring.StreamAEAD(t.Context(), "b")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := bb.Decrypt(encrypt(t, a), ad); err == nil {
				t.Error("stream b decrypted a ciphertext of stream a")
			}
			if _, err := a.Decrypt(encrypt(t, bb), ad); err == nil {
				t.Error("stream a decrypted a ciphertext of stream b")
			}
			if err := ring.Forget(t.Context(), "a"); err != nil {
				t.Fatal(err)
			}
			if _, err := ring.StreamAEAD(t.Context(), "b"); err != nil {
				t.Errorf("stream b after forgetting a: %v", err)
			}
		})
	}
}

func TestBlobUnderAnotherNameIsRefused(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			blob, err := b.prot.Seal(newHandle(t), "stream/a")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.prot.Open(blob, "stream/b"); !errors.Is(err, sealstream.ErrWrongKey) {
				t.Errorf("Open under another name: err = %v, want ErrWrongKey", err)
			}
			// The same through a keyring: stream a's stored blob copied
			// over stream b's.
			ring := sskeyset.New(b.store, b.prot)
			for _, id := range []string{"a", "b"} {
				if _, err := ring.StreamAEAD(t.Context(), id); err != nil {
					t.Fatal(err)
				}
			}
			stored, err := b.store.Get(t.Context(), blobName(t, ring, "a"))
			if err != nil {
				t.Fatal(err)
			}
			if err := b.store.Put(t.Context(), blobName(t, ring, "b"), stored); err != nil {
				t.Fatal(err)
			}
			for _, r := range []*sskeyset.Keyring{ring, sskeyset.New(b.store, b.prot)} {
				if _, err := r.StreamAEAD(t.Context(), "b"); !errors.Is(err, sealstream.ErrIntegrity) {
					t.Errorf("StreamAEAD on a moved keyset: err = %v, want ErrIntegrity", err)
				}
			}
		})
	}
}

// Regression (props seed 1795630127028116872): rotating a stream before its
// first use failed with ErrNotFound.
func TestRotateBeforeFirstUse(t *testing.T) {
	ctx := context.Background()
	ring := sskeyset.NewMemory()
	if err := ring.Rotate(ctx, "new"); err != nil {
		t.Fatalf("Rotate before first use = %v", err)
	}
	a, err := ring.StreamAEAD(ctx, "new")
	if err != nil {
		t.Fatal(err)
	}
	mustDecrypt(t, a, encrypt(t, a))
}
