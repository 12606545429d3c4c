package props_test

import (
	"context"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

// backend makes stores over one storage location: every store from one
// location sees the same streams, as after a restart.
type backend struct {
	name string
	// url returns the URL of a fresh location for stores made by hand.
	url func(t *testing.T) string
	// location returns a function making stores over a fresh location.
	location func(t *testing.T) func() *stream.Store
}

// keep hides Close from the store so that the adapter, and the streams in
// memory, outlive a store.
type keep struct{ adapter.Adapter }

func (keep) Close() error { return nil }

var backends = []backend{
	{"mem", func(*testing.T) string { return "mem://" }, func(t *testing.T) func() *stream.Store {
		a, keys := mem.New(), keyset.NewMemory()
		t.Cleanup(func() { _ = a.Close() })
		return storeMaker(t, stream.Config{Keys: keys,
			Opener: func(context.Context, string) (adapter.Adapter, error) { return keep{a}, nil }})
	}},
	{"file", func(t *testing.T) string { return "file://" + t.TempDir() }, func(t *testing.T) func() *stream.Store {
		return storeMaker(t, stream.Config{URL: "file://" + t.TempDir(), Keys: keyset.NewMemory()})
	}},
}

// storeMaker returns a function making stores from cfg; the caller closes them.
func storeMaker(t *testing.T, cfg stream.Config) func() *stream.Store {
	return func() *stream.Store {
		st, err := stream.NewStore(context.Background(), cfg)
		if err != nil {
			t.Fatalf("NewStore: %v", err)
		}
		return st
	}
}

// forEach runs fn as a subtest per backend.
func forEach(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

// open opens a stream whose state records every event folded; the caller
// closes it (or its store).
func open(t *testing.T, st *stream.Store, id string) *stream.Stream[[]event] {
	t.Helper()
	s, err := stream.Open(context.Background(), st, id, record, nil)
	if err != nil {
		t.Fatalf("Open(%q): %v", id, err)
	}
	return s
}
