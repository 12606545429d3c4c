package stream_test

import (
	"context"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// place is one storage location that several stores (as several
// processes would) and several keyrings open at once.
type place struct {
	name string
	spy  *spy // the in-memory location's shared adapter
	// store opens another store on the location, closed at the end of the test.
	store func(t *testing.T, cfg stream.Config) *stream.Store
	// ring opens another keyring on the location's key storage.
	ring func(t *testing.T) *keyset.Keyring
	// records returns what the location stores for a stream.
	records func(t *testing.T, id string) []codec.Record
	// dropKeyset deletes a stream's keyset behind the keyrings' backs;
	// hasKeyset reports whether one is stored.
	dropKeyset func(t *testing.T, id string)
	hasKeyset  func(t *testing.T, id string) bool
}

var testPass = []byte("correct horse battery staple")

// places returns an in-memory location (one adapter and one blob store
// shared by every store) and a file location (a directory with a
// passphrase keyring beside the streams).
func places(t *testing.T) []place {
	return []place{memPlace(t), filePlace(t)}
}

func memPlace(t *testing.T) place {
	sp := newSpy()
	blobs := keyset.NewMemStore()
	master, err := subtle.NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return place{
		name: "mem",
		spy:  sp,
		store: func(t *testing.T, cfg stream.Config) *stream.Store {
			cfg.Opener, cfg.Keys = sp.opener(), keyset.New(blobs, keyset.MasterKey(master))
			return newStore(t, cfg)
		},
		ring:    func(*testing.T) *keyset.Keyring { return keyset.New(blobs, keyset.MasterKey(master)) },
		records: sp.records,
		dropKeyset: func(t *testing.T, id string) {
			dropKeyset(t, keyset.New(blobs, keyset.MasterKey(master)), blobs, id)
		},
		hasKeyset: func(t *testing.T, id string) bool {
			_, err := keyset.New(blobs, keyset.MasterKey(master)).BlobName(context.Background(), id)
			return err == nil
		},
	}
}

func filePlace(t *testing.T) place {
	dir := t.TempDir()
	keys := filepath.Join(dir, stream.KeyringDir)
	ring := func(t *testing.T) *keyset.Keyring {
		r, err := keyset.OpenDirKeyring(keys, testPass)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	return place{
		name: "file",
		store: func(t *testing.T, cfg stream.Config) *stream.Store {
			cfg.URL, cfg.Key = (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String(), testPass
			if cfg.Writer == nil {
				cfg.Writer = writer
			}
			st, err := stream.NewStore(context.Background(), cfg)
			if err != nil {
				t.Fatalf("NewStore(%s) = %v", cfg.URL, err)
			}
			t.Cleanup(func() { _ = st.Close() })
			return st
		},
		ring: ring,
		records: func(t *testing.T, id string) []codec.Record {
			a, err := file.Open(context.Background(), dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			l, err := a.Open(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			var out []codec.Record
			for r, err := range l.Read(context.Background(), 1) {
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, r)
			}
			return out
		},
		dropKeyset: func(t *testing.T, id string) {
			d, err := keyset.OpenDir(keys)
			if err != nil {
				t.Fatal(err)
			}
			dropKeyset(t, ring(t), d, id)
		},
		hasKeyset: func(t *testing.T, id string) bool {
			_, err := ring(t).BlobName(context.Background(), id)
			return err == nil
		},
	}
}

// dropKeyset deletes from blobs the blob holding id's keyset in ring, as
// one who can write the key storage would.
func dropKeyset(t *testing.T, ring *keyset.Keyring, blobs keyset.BlobStore, id string) {
	t.Helper()
	name, err := ring.BlobName(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := blobs.Delete(context.Background(), name); err != nil {
		t.Fatal(err)
	}
}
