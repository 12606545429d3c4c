package stream

import (
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
)

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
