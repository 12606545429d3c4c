package keyset_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// backend is a keyring's store and protector, reopened as new keyrings.
// dir is the directory of a DirStore, "" for a MemStore.
type backend struct {
	name  string
	store sskeyset.BlobStore
	prot  sskeyset.Protector
	dir   string
}

func backends(t *testing.T) []backend {
	t.Helper()
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir()
	dir, err := sskeyset.OpenDir(path)
	if err != nil {
		t.Fatal(err)
	}
	return []backend{
		{"memory/master", sskeyset.NewMemStore(), sskeyset.MasterKey(kek), ""},
		{"dir/passphrase", dir, sskeyset.Passphrase([]byte("correct horse"), fast), path},
	}
}

// keyID returns the key ID in the prefix of a Tink ciphertext.
func keyID(ct []byte) uint32 { return binary.BigEndian.Uint32(ct[1:5]) }

// primaryID returns the primary key ID of the keyset stored for streamID,
// as a keyring opened afresh on the store seals with it.
func primaryID(t *testing.T, b backend, streamID string) uint32 {
	t.Helper()
	a, err := sskeyset.New(b.store, b.prot).LoadStreamAEAD(t.Context(), streamID)
	if err != nil {
		t.Fatal(err)
	}
	return keyID(encrypt(t, a))
}
