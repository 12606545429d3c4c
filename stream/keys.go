package stream

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Keys hands each stream its AEAD. [keyset.Keyring] implements it. Both
// methods must answer from the key store as it is at the call, so that a
// rotation or a Forget made through another keyring on the same storage
// (another Store, another process) is honoured by the next call.
type Keys interface {
	// StreamAEAD returns the AEAD of the stream's keyset, creating the
	// keyset if there is none; the stream package calls it only for a
	// stream that holds no event. A destroyed keyset returns an error
	// matching [sealstream.ErrShredded].
	StreamAEAD(ctx context.Context, streamID string) (tink.AEAD, error)
	// LoadStreamAEAD returns the AEAD of the stream's existing keyset: an
	// error matching [sealstream.ErrNoKey] when there is none,
	// [sealstream.ErrShredded] when it was destroyed.
	LoadStreamAEAD(ctx context.Context, streamID string) (tink.AEAD, error)
}

// Opener opens the adapter for a store URL.
type Opener func(ctx context.Context, url string) (adapter.Adapter, error)

// KeyringDir is the directory, inside a file store's directory, that holds
// the keyring made from Config.Key. Stream files never start with a dot,
// so it cannot clash with a stream.
const KeyringDir = ".keyring"

// keysFor maps the one-passphrase configuration to a keyring: a
// passphrase-protected directory keyring beside file streams, an
// in-memory keyring for in-memory streams.
func keysFor(raw string, pass []byte) (Keys, error) {
	if raw == "" {
		return keyset.NewMemory(), nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the URL does not parse: %w", sealstream.ErrUnsupportedURL)
	}
	switch u.Scheme {
	case "mem":
		return keyset.NewMemory(), nil
	case "file":
		return keyset.OpenDirKeyring(filepath.Join(filepath.FromSlash(u.Path), KeyringDir), pass)
	}
	return nil, fmt.Errorf("Config.Key serves mem:// and file:// stores; give a %s store Config.Keys: %w", u.Scheme, sealstream.ErrNoKey)
}
