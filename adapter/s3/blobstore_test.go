package s3_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/s3"
	"github.com/sealstream/sealstream/keyset"
)

func newBlobStore(t *testing.T, u string, opts s3.Options) *s3.BlobStore {
	t.Helper()
	s, err := s3.NewBlobStoreWith(context.Background(), u, options(opts))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestBlobStore checks Get, Put, Create and Delete, with names that look
// like paths or escapes kept apart, and the size limit.
func TestBlobStore(t *testing.T) {
	ctx := context.Background()
	s := newBlobStore(t, freshURL(t), s3.Options{})
	if _, err := s.Get(ctx, "missing"); !errors.Is(err, keyset.ErrNotFound) {
		t.Fatalf("Get of a missing blob = %v, want ErrNotFound", err)
	}
	names := []string{"k/abc", "../k/abc", "k%2Fabc", "K/ABC", keyset.MasterName, strings.Repeat("n", 256), "é"}
	for i, name := range names {
		if err := s.Create(ctx, name, []byte{byte(i)}); err != nil {
			t.Fatalf("Create(%q): %v", name, err)
		}
	}
	for i, name := range names {
		if b, err := s.Get(ctx, name); err != nil || !bytes.Equal(b, []byte{byte(i)}) {
			t.Fatalf("Get(%q) = %v, %v; want its own blob", name, b, err)
		}
	}
	if err := s.Create(ctx, "k/abc", []byte("other")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Create of a taken name = %v, want fs.ErrExist", err)
	}
	if err := s.Put(ctx, "k/abc", []byte("replaced")); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Get(ctx, "k/abc"); string(b) != "replaced" {
		t.Fatalf("Get after Put = %q", b)
	}
	for range 2 {
		if err := s.Delete(ctx, "k/abc"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
	}
	if _, err := s.Get(ctx, "k/abc"); !errors.Is(err, keyset.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
	}
	big := make([]byte, keyset.MaxBlobSize+1)
	if err := s.Put(ctx, "big", big); !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("Put of %d bytes = %v, want ErrTooLarge", len(big), err)
	}
	if err := s.Create(ctx, "big", big); !errors.Is(err, sealstream.ErrTooLarge) {
		t.Fatalf("Create of %d bytes = %v, want ErrTooLarge", len(big), err)
	}
	if err := s.Put(ctx, strings.Repeat("n", 257), nil); err == nil {
		t.Fatal("Put under a 257-byte name succeeded")
	}
}

// TestBlobStoreCreateAfterLostAnswer loses the answer of a Create that
// landed: the retry finds the name taken by the same blob, and Create
// succeeds.
func TestBlobStoreCreateAfterLostAnswer(t *testing.T) {
	rec, hc := newRecorder(t)
	s := newBlobStore(t, freshURL(t), s3.Options{HTTPClient: hc})
	puts := 0
	rec.setFault(func(req *http.Request) action {
		if req.Method == http.MethodPut {
			puts++
			return action{lose: puts == 1}
		}
		return action{}
	})
	if err := s.Create(context.Background(), "n", []byte("blob")); err != nil {
		t.Fatalf("Create whose answer was lost: %v", err)
	}
	if puts != 2 {
		t.Fatalf("%d PUTs, want 2", puts)
	}
}
