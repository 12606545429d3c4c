package props_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// place is one storage location of the world model: streams and key
// storage that every store, keyring and process on it shares.
type place struct {
	// store makes another Store on the location, with a keyring of its own
	// over the shared key storage, as another process would.
	store func() (*stream.Store, error)
	// ring is one more keyring on the key storage, used by no store.
	ring *keyset.Keyring
	// blobs is the key storage itself, to lose a keyset behind the
	// keyrings' backs.
	blobs keyset.BlobStore
	// child is the second process on the location, or nil.
	child *remote
}

// worldMaster returns the AEAD sealing the model's keysets at rest: a
// fixed key, so that the second process can open them too.
func worldMaster() (tink.AEAD, error) {
	return subtle.NewAESGCM(bytes.Repeat([]byte{0x5e}, 32))
}

// memPlace is one in-memory adapter and one in-memory key storage shared
// by every store.
func memPlace(t *testing.T) *place {
	master, err := worldMaster()
	if err != nil {
		t.Fatal(err)
	}
	a, blobs := mem.New(), keyset.NewMemStore()
	t.Cleanup(func() { _ = a.Close() })
	return &place{
		store: func() (*stream.Store, error) {
			return stream.NewStore(context.Background(), stream.Config{Keys: keyset.New(blobs, keyset.MasterKey(master)),
				Writer: worldWriter, Opener: func(context.Context, string) (adapter.Adapter, error) { return keep{a}, nil }})
		},
		ring:  keyset.New(blobs, keyset.MasterKey(master)),
		blobs: blobs,
	}
}

// worldWriter is the identity every store of the world writes as: events
// sealed to recipients are signed by their writer.
var worldWriter = func() *keyset.Identity {
	w, err := keyset.NewIdentity("world-writer")
	if err != nil {
		panic(err)
	}
	return w
}()

// worldKeys is the key directory of a file location.
func worldKeys(dir string) string { return filepath.Join(dir, ".keys") }

// fileStoreMaker returns a function making stores over directory dir, each
// with its own keyring over its own handle on the key directory.
func fileStoreMaker(dir string, master tink.AEAD) func() (*stream.Store, error) {
	return func() (*stream.Store, error) {
		ds, err := keyset.OpenDir(worldKeys(dir))
		if err != nil {
			return nil, err
		}
		return stream.NewStore(context.Background(), stream.Config{URL: "file://" + dir, Keys: keyset.New(ds, keyset.MasterKey(master)), Writer: worldWriter})
	}
}

// filePlace is a directory of stream files with a key directory inside,
// and a second process serving a handle on both.
func filePlace(t *testing.T) *place {
	master, err := worldMaster()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ds, err := keyset.OpenDir(worldKeys(dir))
	if err != nil {
		t.Fatal(err)
	}
	return &place{
		store: fileStoreMaker(dir, master),
		ring:  keyset.New(ds, keyset.MasterKey(master)),
		blobs: ds,
		child: startChild(t, dir),
	}
}
