package stream_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
)

func TestOpenRefusesNilArguments(t *testing.T) {
	ctx := context.Background()
	if _, err := stream.Open(ctx, nil, "u", fold.Count(), 0); !errors.Is(err, sealstream.ErrInvalidArgument) {
		t.Errorf("Open with a nil store = %v, want ErrInvalidArgument", err)
	}
	st := newStore(t, stream.Config{})
	if _, err := stream.Open[int](ctx, st, "u", nil, 0); !errors.Is(err, sealstream.ErrInvalidArgument) {
		t.Errorf("Open with a nil fold = %v, want ErrInvalidArgument", err)
	}
}

func TestNewStoreRefusesSizesOutOfRange(t *testing.T) {
	for _, cfg := range []stream.Config{{CacheSize: -1}, {MaxEventSize: -1}, {MaxEventSize: stream.MaxEventSizeLimit + 1}} {
		cfg.Keys = keyset.NewMemory()
		if st, err := stream.NewStore(context.Background(), cfg); !errors.Is(err, sealstream.ErrInvalidArgument) {
			if st != nil {
				_ = st.Close()
			}
			t.Errorf("NewStore(%+v) = %v, want ErrInvalidArgument", cfg, err)
		}
	}
}

// No error of NewStore shows a password or query held in the URL, or a
// raw url.Parse error (which quotes the URL).
func TestNewStoreRedactsURL(t *testing.T) {
	const secret = "S3CRET-pw"
	refuse := func(context.Context, string) (adapter.Adapter, error) { return nil, errors.New("connection refused") }
	memOpener := func(context.Context, string) (adapter.Adapter, error) { return newSpy(), nil }
	cases := []struct {
		name string
		cfg  stream.Config
	}{
		{"opener fails", stream.Config{URL: "postgres://app:" + secret + "@db.example/app?sslmode=disable", Opener: refuse, Plaintext: true}},
		{"password in query", stream.Config{URL: "nats://host:4222/x?password=" + secret, Opener: refuse, Plaintext: true}},
		{"URL does not parse", stream.Config{URL: "postgres://app:" + secret + "@host:badport/db", Plaintext: true}},
		{"unknown scheme", stream.Config{URL: "s3://key:" + secret + "@bucket/x", Plaintext: true}},
		{"no keys", stream.Config{URL: "postgres://app:" + secret + "@db/app", Opener: memOpener}},
		{"Key on a server URL", stream.Config{URL: "postgres://app:" + secret + "@db/app", Opener: memOpener, Key: []byte("k")}},
		{"negative size", stream.Config{URL: "postgres://app:" + secret + "@db/app", Plaintext: true, CacheSize: -1}},
	}
	for _, c := range cases {
		st, err := stream.NewStore(context.Background(), c.cfg)
		if err == nil {
			_ = st.Close()
			t.Errorf("%s: NewStore succeeded", c.name)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: error shows the secret: %v", c.name, err)
		}
	}
}
