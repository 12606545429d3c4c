package streamtest_test

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream/streamtest"
)

// The suite passes on a place made by AtURL: a directory of stream files,
// each store with an adapter of its own, and keys in memory.
func TestRunAtURL(t *testing.T) {
	streamtest.Run(t, func(t *testing.T) streamtest.Place {
		dir := t.TempDir()
		open := func(ctx context.Context, _ string) (adapter.Adapter, error) { return file.Open(ctx, dir, nil) }
		blobs := keyset.NewMemStore()
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
		return streamtest.AtURL(t, u, open, func(*testing.T) keyset.BlobStore { return blobs })
	})
}

// FailNextAppend fails one Append once armed, before the adapter sees it,
// and lets the next one through.
func TestFailNextAppend(t *testing.T) {
	ctx := context.Background()
	m := mem.New()
	defer m.Close()
	var fail atomic.Bool
	open := streamtest.FailNextAppend(func(context.Context, string) (adapter.Adapter, error) { return m, nil }, &fail)
	a, err := open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Open(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rec := func(v uint64) []codec.Record { return []codec.Record{{Version: v, ID: "e", Type: "T"}} }
	if err := l.Append(ctx, 0, rec(1)); err != nil {
		t.Fatalf("Append before arming = %v", err)
	}
	fail.Store(true)
	if err := l.Append(ctx, 1, rec(2)); !errors.Is(err, streamtest.ErrInjected) {
		t.Fatalf("armed Append = %v, want ErrInjected", err)
	}
	if fail.Load() {
		t.Fatal("the failure did not disarm")
	}
	if h, err := l.Head(ctx); err != nil || h.Version != 1 {
		t.Fatalf("Head after the failed Append = %+v, %v; want version 1", h, err)
	}
	if err := l.Append(ctx, 1, rec(2)); err != nil {
		t.Fatalf("Append after the failure = %v", err)
	}
}
