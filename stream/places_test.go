package stream_test

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/sealstream/sealstream/stream/streamtest"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// place is one storage location that several stores (as several
// processes would) and several keyrings open at once: a
// [streamtest.Place], with the names the package's tests use.
type place struct{ streamtest.Place }

// store opens another store on the location, closed at the end of the
// test, writing as writer unless cfg names another.
func (p place) store(t *testing.T, cfg stream.Config) *stream.Store { return p.Store(t, cfg) }

// ring opens another keyring on the location's key storage.
func (p place) ring(t *testing.T) *keyset.Keyring { return p.Ring(t) }

var testPass = []byte("correct horse battery staple")

// memPlace is one in-memory adapter (a spy, whose append hook it offers)
// and one blob store shared by every store and keyring.
func memPlace(t *testing.T) place {
	sp := newSpy()
	blobs := keyset.NewMemStore()
	master, err := subtle.NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	ring := func(*testing.T) *keyset.Keyring { return keyset.New(blobs, keyset.MasterKey(master)) }
	return place{streamtest.Place{
		Store: func(t *testing.T, cfg stream.Config) *stream.Store {
			if cfg.Opener == nil {
				cfg.Opener = sp.opener()
			}
			cfg.Keys = ring(t)
			return newStore(t, cfg)
		},
		Ring:     ring,
		KeyStore: func(*testing.T) keyset.BlobStore { return blobs },
		Records:  sp.records,
		FailingOpener: func(_ *testing.T, fail *atomic.Bool) stream.Opener {
			return streamtest.FailNextAppend(sp.opener(), fail)
		},
		BeforeAppend: sp.setBeforeAppend,
	}}
}

// filePlace is a directory of stream files with a passphrase keyring
// beside them; its failing opener fails the next fsync, as a full disk
// would.
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
	return place{streamtest.Place{
		Store: func(t *testing.T, cfg stream.Config) *stream.Store {
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
		Ring: ring,
		KeyStore: func(t *testing.T) keyset.BlobStore {
			d, err := keyset.OpenDir(keys)
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		Records: func(t *testing.T, id string) []codec.Record { return fileRecords(t, dir, id) },
		FailingOpener: func(_ *testing.T, fail *atomic.Bool) stream.Opener {
			return func(ctx context.Context, _ string) (adapter.Adapter, error) {
				return file.Open(ctx, dir, &file.Options{Fault: func(o file.Op, _ string, _ int) (int, error) {
					if o == file.OpSync && fail.CompareAndSwap(true, false) {
						return 0, errors.New("no space left on device")
					}
					return 0, nil
				}})
			}
		},
	}}
}

// fileRecords reads what directory dir stores for stream id.
func fileRecords(t *testing.T, dir, id string) []codec.Record {
	t.Helper()
	open := func(ctx context.Context, _ string) (adapter.Adapter, error) { return file.Open(ctx, dir, nil) }
	return streamtest.ReadRecords(t, open, dir, id)
}
