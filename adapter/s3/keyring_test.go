package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// TestKeyringOverBlobStore runs keyrings over blob stores on one bucket
// prefix, as two processes would: a keyset made through one opens what
// the other seals, a rotation through one is what the other seals with
// next, older ciphertexts stay readable, and a Forget through one
// shreds the stream for the other.
func TestKeyringOverBlobStore(t *testing.T) {
	ctx := context.Background()
	u := freshURL(t)
	kek := make([]byte, 32)
	_, _ = rand.Read(kek)
	aead, err := subtle.NewAESGCM(kek)
	if err != nil {
		t.Fatal(err)
	}
	one := keyset.New(newBlobStore(t, u, s3.Options{}), keyset.MasterKey(aead))
	two := keyset.New(openAdapter(t, u, s3.Options{}).BlobStore(), keyset.MasterKey(aead))

	a1, err := one.StreamAEAD(ctx, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	old, _ := a1.Encrypt([]byte("claim"), []byte("ad"))
	a2, err := two.StreamAEAD(ctx, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := a2.Decrypt(old, []byte("ad")); err != nil || string(pt) != "claim" {
		t.Fatalf("the second keyring cannot open the first's ciphertext: %v", err)
	}

	if err := one.Rotate(ctx, "user-1"); err != nil {
		t.Fatal(err)
	}
	a2, err = two.StreamAEAD(ctx, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	rotated, _ := a2.Encrypt([]byte("move"), nil)
	if bytes.Equal(rotated[1:5], old[1:5]) { // Tink's prefix: a version byte, the key ID
		t.Fatal("the second keyring still seals under the key rotated away")
	}
	if a1, err = one.StreamAEAD(ctx, "user-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a1.Decrypt(old, []byte("ad")); err != nil {
		t.Fatalf("a ciphertext from before the rotation does not open: %v", err)
	}
	if _, err := a1.Decrypt(rotated, nil); err != nil {
		t.Fatalf("a ciphertext under the rotated key does not open: %v", err)
	}

	if err := two.Forget(ctx, "user-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := one.StreamAEAD(ctx, "user-1"); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("StreamAEAD after a Forget through the other keyring = %v, want ErrShredded", err)
	}
	if _, err := keyset.New(newBlobStore(t, u, s3.Options{}), keyset.MasterKey(aead)).StreamAEAD(ctx, "user-1"); !errors.Is(err, sealstream.ErrShredded) {
		t.Fatalf("StreamAEAD through a new keyring after Forget = %v, want ErrShredded", err)
	}
}
