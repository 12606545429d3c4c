package attack_test

import (
	"context"
	"crypto/rand"
	"iter"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// location is one storage location as both sides see it: the application
// opens stores on it (as its processes would), and the attacker reads and
// rewrites what it stores for a stream, below the library. Rewrite only
// while no store has the stream open, as an attacker works on data at rest.
type location struct {
	name   string
	dir    string    // the file location's directory
	master tink.AEAD // seals the location's keysets
	blobs  keyset.BlobStore
	url    string        // where stores of the file location open
	open   stream.Opener // the storage stores of the in-memory location use
	// records returns copies of what the location stores for a stream.
	records func(t *testing.T, id string) []codec.Record
	// replace makes recs the whole stored log of a stream.
	replace func(t *testing.T, id string, recs []codec.Record)
}

// forLocations runs fn as a subtest on a fresh file location and a fresh
// in-memory location.
func forLocations(t *testing.T, fn func(t *testing.T, loc *location)) {
	t.Run("file", func(t *testing.T) { fn(t, fileLocation(t, t.TempDir(), newMaster(t))) })
	t.Run("mem", func(t *testing.T) { fn(t, memLocation(t)) })
}

func newMaster(t *testing.T) tink.AEAD {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	a, err := subtle.NewAESGCM(key)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// ring opens a keyring on the location's key storage, as another process
// of the application would.
func (l *location) ring() *keyset.Keyring { return keyset.New(l.blobs, keyset.MasterKey(l.master)) }

// store opens a store on the location, closed at the end of the test. A
// cfg without Keys gets a keyring on the location's key storage.
func (l *location) store(t *testing.T, cfg stream.Config) *stream.Store {
	t.Helper()
	cfg.URL, cfg.Opener = l.url, l.open
	if cfg.Keys == nil {
		cfg.Keys = l.ring()
	}
	st, err := stream.NewStore(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%s: NewStore() = %v", l.name, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// fileLocation is a file store in dir, its keyring in dir/.keyring.
func fileLocation(t *testing.T, dir string, master tink.AEAD) *location {
	blobs, err := keyset.OpenDir(filepath.Join(dir, stream.KeyringDir))
	if err != nil {
		t.Fatal(err)
	}
	return &location{
		name: "file", dir: dir, master: master, blobs: blobs,
		url:     (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String(),
		records: func(t *testing.T, id string) []codec.Record { return readLines(t, dir, id) },
		replace: func(t *testing.T, id string, recs []codec.Record) { writeLines(t, dir, id, recs) },
	}
}

// server is an in-memory location: one mem adapter per stream, which the
// attacker swaps for one holding the records it wrote through a raw
// adapter.Log. Stores never close it.
type server struct {
	mu   sync.Mutex
	logs map[string]*mem.Adapter
}

func (s *server) adapter(id string) *mem.Adapter {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.logs[id] == nil {
		s.logs[id] = mem.New()
	}
	return s.logs[id]
}

func (s *server) Open(ctx context.Context, id string) (adapter.Log, error) {
	return s.adapter(id).Open(ctx, id)
}

func (s *server) Close() error { return nil }

// Streams lists the streams of every per-stream adapter, in ID order.
func (s *server) Streams(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		s.mu.Lock()
		ids := slices.Sorted(maps.Keys(s.logs))
		s.mu.Unlock()
		for _, id := range ids {
			for got, err := range s.adapter(id).Streams(ctx, prefix) {
				if !yield(got, err) || err != nil {
					return
				}
			}
		}
	}
}

func (s *server) Erase(ctx context.Context, id string) error { return s.adapter(id).Erase(ctx, id) }

func memLocation(t *testing.T) *location {
	srv := &server{logs: map[string]*mem.Adapter{}}
	t.Cleanup(func() {
		for _, a := range srv.logs {
			_ = a.Close()
		}
	})
	return &location{
		name: "mem", master: newMaster(t), blobs: keyset.NewMemStore(),
		open: func(context.Context, string) (adapter.Adapter, error) { return srv, nil },
		records: func(t *testing.T, id string) []codec.Record {
			t.Helper()
			l := rawLog(t, srv.adapter(id), id)
			var out []codec.Record
			for r, err := range l.Read(context.Background(), 1) {
				if err != nil {
					t.Fatalf("raw read of %q: %v", id, err)
				}
				out = append(out, clone(r))
			}
			return out
		},
		replace: func(t *testing.T, id string, recs []codec.Record) {
			t.Helper()
			a := mem.New()
			if err := rawLog(t, a, id).Append(context.Background(), 0, recs); err != nil {
				t.Fatalf("raw append to %q: %v", id, err)
			}
			srv.mu.Lock()
			old := srv.logs[id]
			srv.logs[id] = a
			srv.mu.Unlock()
			if old != nil {
				_ = old.Close()
			}
		},
	}
}

func rawLog(t *testing.T, a adapter.Adapter, id string) adapter.Log {
	t.Helper()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		t.Fatalf("raw open of %q: %v", id, err)
	}
	return l
}

// clone returns a deep copy of r, which the attacker may then edit.
func clone(r codec.Record) codec.Record {
	r.Metadata = maps.Clone(r.Metadata)
	r.Prev, r.Payload = slices.Clone(r.Prev), slices.Clone(r.Payload)
	return r
}
