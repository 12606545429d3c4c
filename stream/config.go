package stream

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/file"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DefaultMaxEventSize is the default limit on an event's Data: 1 MiB.
const DefaultMaxEventSize = 1 << 20

// Keys hands each stream its AEAD. [keyset.Keyring] implements it.
type Keys interface {
	// StreamAEAD returns the AEAD of the stream's keyset, creating the
	// keyset on first use; a destroyed keyset returns an error matching
	// [sealstream.ErrShredded].
	StreamAEAD(ctx context.Context, streamID string) (tink.AEAD, error)
}

// Opener opens the adapter for a store URL.
type Opener func(ctx context.Context, url string) (adapter.Adapter, error)

// Config configures a Store. The zero Config is invalid: a store needs Keys
// unless Plaintext is set.
type Config struct {
	// URL locates the streams: "" or "mem://" for memory, "file:///dir" for
	// one JSONL file per stream under dir. Other schemes need an Opener.
	URL string
	// Opener, when set, opens the adapter instead of the built-in schemes:
	// it is how server adapters (postgres://, nats://) are plugged in.
	Opener Opener
	// Keys seals payloads. Required unless Key or Plaintext is set.
	Keys Keys
	// Key is a passphrase: without Keys, a file:// store keeps its keysets
	// in a passphrase-protected directory keyring beside the streams
	// (dir/.keyring), and a mem:// store in memory.
	Key []byte
	// Plaintext stores payloads unencrypted. It must be asked for by name;
	// a store with Keys ignores it.
	Plaintext bool
	// CacheSize is how many closed streams stay open and warm; 0 closes a
	// stream's storage as soon as its last handle is closed.
	CacheSize int
	// MaxEventSize bounds an event's Data; 0 means DefaultMaxEventSize.
	MaxEventSize int
}

// Store opens streams from one storage location. It is safe for
// concurrent use.
type Store struct {
	cfg     Config
	adapter adapter.Adapter
	done    chan struct{}

	mu     sync.Mutex
	open   map[string]*handle
	warm   *simplelru.LRU[string, *handle]
	closed bool
}

// NewStore opens the storage that cfg names. It returns an error matching
// [sealstream.ErrNoKey] when cfg has neither Keys nor Plaintext, and
// [sealstream.ErrUnsupportedURL] for a URL no opener serves.
func NewStore(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Keys == nil && len(cfg.Key) == 0 && !cfg.Plaintext {
		return nil, fmt.Errorf("stream: store %q: %w (set Config.Keys or Config.Key, or Config.Plaintext to store payloads unencrypted)", cfg.URL, sealstream.ErrNoKey)
	}
	if cfg.MaxEventSize <= 0 {
		cfg.MaxEventSize = DefaultMaxEventSize
	}
	open := cfg.Opener
	if open == nil {
		open = builtinOpener
	}
	a, err := open(ctx, cfg.URL) // first, so that a bad URL leaves nothing behind
	if err != nil {
		return nil, fmt.Errorf("stream: store %q: %w", cfg.URL, err)
	}
	if cfg.Keys == nil && len(cfg.Key) > 0 {
		if cfg.Keys, err = keysFor(cfg.URL, cfg.Key); err != nil {
			_ = a.Close()
			return nil, fmt.Errorf("stream: store %q: %w", cfg.URL, err)
		}
	}
	s := &Store{cfg: cfg, adapter: a, done: make(chan struct{}), open: map[string]*handle{}}
	if cfg.CacheSize > 0 {
		s.warm, _ = simplelru.NewLRU(cfg.CacheSize, func(_ string, h *handle) {
			if h.refs == 0 {
				_ = h.log.Close()
			}
		})
	}
	return s, nil
}

func builtinOpener(ctx context.Context, raw string) (adapter.Adapter, error) {
	if raw == "" {
		return mem.New(), nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", sealstream.ErrUnsupportedURL, err)
	}
	switch u.Scheme {
	case "mem":
		return mem.New(), nil
	case "file":
		return file.OpenURL(ctx, raw)
	}
	return nil, fmt.Errorf("%w: scheme %q needs Config.Opener", sealstream.ErrUnsupportedURL, u.Scheme)
}

// Close closes every stream of the store and its storage. Streams opened
// from it then return [sealstream.ErrClosed]. Close is idempotent.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	for _, h := range s.open {
		_ = h.log.Close()
	}
	if s.warm != nil {
		s.warm.Purge()
	}
	s.open = nil
	s.mu.Unlock()
	return s.adapter.Close()
}
