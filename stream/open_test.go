package stream_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
)

// Seed test 1: opening calls the adapter; closing cleans up.
func TestOpenClose(t *testing.T) {
	sp := newSpy()
	st := newStore(t, stream.Config{Opener: sp.opener()})
	s, err := stream.Open(context.Background(), st, "user-1", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if o, c := sp.counts("user-1"); o != 1 || c != 0 {
		t.Fatalf("after Open: opened %d closed %d, want 1 0", o, c)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close() = %v, want nil", err)
	}
	if o, c := sp.counts("user-1"); o != 1 || c != 1 {
		t.Fatalf("after Close: opened %d closed %d, want 1 1", o, c)
	}
	if _, err := s.Append(context.Background(), []sealstream.Event{ev("T", "x")}); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("Append after Close = %v, want ErrClosed", err)
	}
	if _, err := s.State(context.Background()); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("State after Close = %v, want ErrClosed", err)
	}
	if _, err := s.Metrics(context.Background()); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("Metrics after Close = %v, want ErrClosed", err)
	}
}

func TestNewStoreErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := stream.NewStore(ctx, stream.Config{}); !errors.Is(err, sealstream.ErrNoKey) {
		t.Fatalf("NewStore without keys = %v, want ErrNoKey", err)
	}
	for _, url := range []string{"ftp://x", "http://example.com/s", "::bad"} {
		_, err := stream.NewStore(ctx, stream.Config{URL: url, Plaintext: true})
		if !errors.Is(err, sealstream.ErrUnsupportedURL) {
			t.Fatalf("NewStore(%q) = %v, want ErrUnsupportedURL", url, err)
		}
	}
	st, err := stream.NewStore(ctx, stream.Config{URL: "mem://", Plaintext: true})
	if err != nil {
		t.Fatalf("NewStore(mem://, plaintext) = %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("second Store.Close() = %v", err)
	}
	if _, err := stream.Open(ctx, st, "a", fold.Count(), 0); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("Open on closed store = %v, want ErrClosed", err)
	}
}

func TestOpenInvalidStreamID(t *testing.T) {
	st := newStore(t, stream.Config{})
	for _, id := range []string{"", "a\x00b", "line\nbreak", strings.Repeat("x", 257), "\xff\xfe"} {
		if _, err := stream.Open(context.Background(), st, id, fold.Count(), 0); !errors.Is(err, sealstream.ErrInvalidStreamID) {
			t.Errorf("Open(%q) = %v, want ErrInvalidStreamID", id, err)
		}
	}
}

func TestStoreCloseEndsStreams(t *testing.T) {
	st, err := stream.NewStore(context.Background(), stream.Config{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := stream.Open(context.Background(), st, "a", fold.Count(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustAppend(t, s, ev("T", "x"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(context.Background(), []sealstream.Event{ev("T", "y")}); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("Append after store Close = %v, want ErrClosed", err)
	}
}

// A store URL that is refused leaves no keyring behind.
func TestRefusedURLLeavesNoKeyring(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, url := range []string{"file:streams", "file://host/x", "ftp://x"} {
		if _, err := stream.NewStore(context.Background(), stream.Config{URL: url, Key: []byte("pw")}); err == nil {
			t.Fatalf("NewStore(%q) = nil error", url)
		}
		if _, err := os.Stat(stream.KeyringDir); err == nil {
			t.Fatalf("NewStore(%q) refused the URL but left a keyring", url)
		}
	}
}
