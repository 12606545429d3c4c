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
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DefaultMaxEventSize is the default limit on an event's Data: 1 MiB.
const DefaultMaxEventSize = 1 << 20

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
	// stream's storage as soon as its last handle is closed. A stream of a
	// file store holds two file descriptors while open or warm (its file
	// and its lock file); when opening a stream runs out of descriptors,
	// the store closes its warm streams and tries once more. Negative
	// values are refused.
	CacheSize int
	// MaxEventSize bounds an event's Data; 0 means DefaultMaxEventSize.
	// Negative values and values over MaxEventSizeLimit are refused.
	MaxEventSize int
	// Writer is the identity this store writes as: it signs every event
	// sealed to recipients ([To], which needs it), so that recipients can
	// tell its events from forgeries, and it signs [Stream.Checkpoint]s.
	Writer *keyset.Identity
	// Trust lists the other writers whose signatures readers of this store
	// accept, by their public [keyset.Recipient] (which carries the
	// identity's signing key). Writer is trusted too.
	Trust []keyset.Recipient
	// OnRecover, if set, is called when a file store cuts a torn tail from
	// a stream file (what a crash in the middle of an append leaves; see
	// package adapter/file), after keeping the cut bytes in a ".broken"
	// file beside it. [Stream.Metrics] counts the cuts too. It must not call
	// back into the store. Stores of other schemes never cut.
	OnRecover func(adapter.Recovery)
}

// Store opens streams from one storage location. It is safe for
// concurrent use.
type Store struct {
	cfg     Config
	adapter adapter.Adapter
	done    chan struct{}

	mu      sync.Mutex
	open    map[string]*handle
	warm    *simplelru.LRU[string, *handle]
	closed  bool
	erasing map[string]bool // streams being erased, which cannot be opened

	trusted map[string]tink.Verifier // writers whose signatures readers accept

	rmu       sync.Mutex
	recovered map[string]uint64 // cuts by stream ID
}

// NewStore opens the storage that cfg names. It returns an error matching
// [sealstream.ErrNoKey] when cfg has neither Keys nor Plaintext,
// [sealstream.ErrUnsupportedURL] for a URL no opener serves, and
// [sealstream.ErrInvalidArgument] for a negative size. Messages show the
// URL without its password or query.
func NewStore(ctx context.Context, cfg Config) (*Store, error) {
	where := fmt.Sprintf("stream: store %s", redact(cfg.URL))
	switch {
	case cfg.Keys == nil && len(cfg.Key) == 0 && !cfg.Plaintext:
		return nil, fmt.Errorf("%s: %w (set Config.Keys or Config.Key, or Config.Plaintext to store payloads unencrypted)", where, sealstream.ErrNoKey)
	case cfg.CacheSize < 0 || cfg.MaxEventSize < 0 || cfg.MaxEventSize > MaxEventSizeLimit:
		return nil, fmt.Errorf("%s: CacheSize %d must not be negative, MaxEventSize %d must lie in 0..%d: %w",
			where, cfg.CacheSize, cfg.MaxEventSize, MaxEventSizeLimit, sealstream.ErrInvalidArgument)
	}
	if cfg.MaxEventSize == 0 {
		cfg.MaxEventSize = DefaultMaxEventSize
	}
	trusted, err := trustOf(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	s := &Store{cfg: cfg, done: make(chan struct{}), open: map[string]*handle{}, trusted: trusted}
	open := cfg.Opener
	if open == nil {
		open = s.builtinOpener
	}
	a, err := open(ctx, cfg.URL) // first, so that a bad URL leaves nothing behind
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	s.adapter = a
	if cfg.Keys == nil && len(cfg.Key) > 0 {
		if s.cfg.Keys, err = keysFor(cfg.URL, cfg.Key); err != nil {
			_ = a.Close()
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	if cfg.CacheSize > 0 {
		s.warm, _ = simplelru.NewLRU(cfg.CacheSize, func(_ string, h *handle) {
			if h.refs == 0 {
				h.logs.close()
			}
		})
	}
	return s, nil
}

func (s *Store) builtinOpener(ctx context.Context, raw string) (adapter.Adapter, error) {
	if raw == "" {
		return mem.New(), nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the URL does not parse: %w", sealstream.ErrUnsupportedURL)
	}
	switch u.Scheme {
	case "mem":
		return mem.New(), nil
	case "file":
		return file.OpenURLWith(ctx, raw, &file.Options{OnRecover: s.recover})
	}
	return nil, fmt.Errorf("%w: scheme %q needs Config.Opener", sealstream.ErrUnsupportedURL, u.Scheme)
}

// recover counts a cut and passes it on to Config.OnRecover.
func (s *Store) recover(r adapter.Recovery) {
	s.rmu.Lock()
	if s.recovered == nil {
		s.recovered = map[string]uint64{}
	}
	s.recovered[r.Stream]++
	s.rmu.Unlock()
	if s.cfg.OnRecover != nil {
		s.cfg.OnRecover(r)
	}
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
		h.logs.close()
	}
	if s.warm != nil {
		s.warm.Purge()
	}
	s.open = nil
	s.mu.Unlock()
	return s.adapter.Close()
}
