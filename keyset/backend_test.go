package keyset_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// backend is a keyring's store and protector, reopened as new keyrings.
type backend struct {
	name  string
	store sskeyset.BlobStore
	prot  sskeyset.Protector
}

func backends(t *testing.T) []backend {
	t.Helper()
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := sskeyset.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return []backend{
		{"memory/master", sskeyset.NewMemStore(), sskeyset.MasterKey(kek)},
		{"dir/passphrase", dir, sskeyset.Passphrase([]byte("correct horse"), fast)},
	}
}

// keyID returns the key ID in the prefix of a Tink ciphertext.
func keyID(ct []byte) uint32 { return binary.BigEndian.Uint32(ct[1:5]) }

// primaryID returns the primary key ID of the keyset stored for streamID.
func primaryID(t *testing.T, b backend, streamID string) uint32 {
	t.Helper()
	blob, err := b.store.Get(t.Context(), "stream/"+streamID)
	if err != nil {
		t.Fatal(err)
	}
	h, err := b.prot.Open(blob, "stream/"+streamID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.Primary()
	if err != nil {
		t.Fatal(err)
	}
	return p.KeyID()
}
