package server

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/http/internal/wire"
)

// Token is what the server keeps of one bearer token: a hash of it, never
// the token, and what it may do. A token reaches the streams whose IDs
// start with Prefix ("" for all) and the keyset blobs of its namespace
// Blobs ("" for none); Read allows listing, head, read, find, watch and
// blob reads, Write appends, erasure and blob writes.
type Token struct {
	Name    string    `json:"name"`             // shown in the request log; not secret
	Hash    string    `json:"hash"`             // "sha256:" and 64 hex digits, from HashToken
	Prefix  string    `json:"prefix"`           // stream IDs it reaches start with this
	Blobs   string    `json:"blobs,omitempty"`  // its blob namespace: 1 to 64 of A-Z a-z 0-9 . _ -
	Read    bool      `json:"read,omitempty"`   // may read
	Write   bool      `json:"write,omitempty"`  // may write
	Expires time.Time `json:"expires,omitzero"` // refused from then on; zero: never
}

// tokenPrefix starts every token NewToken makes, so that one found in a
// file or a log is recognised.
const tokenPrefix = "sst_"

var namespaceRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// NewToken returns a new random token (32 bytes from crypto/rand, base64)
// and the hash to put in the server's token list. Hand the token to the
// client; the server needs only the hash.
func NewToken() (token, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("server: new token: %w", err)
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token), nil
}

// HashToken returns the hash of token as a Token stores it. Tokens are
// high-entropy, so a plain SHA-256 suffices: there is no password to
// brute-force.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// digest returns the SHA-256 that t.Hash names.
func (t Token) digest() ([32]byte, error) {
	var d [32]byte
	hexSum, ok := strings.CutPrefix(t.Hash, "sha256:")
	b, err := hex.DecodeString(hexSum)
	if !ok || err != nil || len(b) != len(d) {
		return d, fmt.Errorf("server: token %q: hash is not \"sha256:\" and 64 hex digits: %w", t.Name, sealstream.ErrInvalidArgument)
	}
	copy(d[:], b)
	return d, nil
}

// check refuses a token whose hash, prefix or namespace is malformed.
func (t Token) check() error {
	if _, err := t.digest(); err != nil {
		return err
	}
	if t.Prefix != "" && wire.CheckStreamID(t.Prefix) != nil {
		return fmt.Errorf("server: token %q: prefix is not printable UTF-8 of at most %d bytes: %w", t.Name, wire.MaxStreamIDLen, sealstream.ErrInvalidArgument)
	}
	if t.Blobs != "" && !namespaceRE.MatchString(t.Blobs) {
		return fmt.Errorf("server: token %q: blob namespace must be 1 to 64 of A-Z a-z 0-9 . _ -: %w", t.Name, sealstream.ErrInvalidArgument)
	}
	return nil
}

// ParseTokens reads a token list: a JSON array of [Token] objects. Unknown
// fields and malformed entries are refused.
func ParseTokens(data []byte) ([]Token, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ts []Token
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("server: token list: %w", err)
	}
	for _, t := range ts {
		if err := t.check(); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// LoadTokens reads the token list in the file at path (see [ParseTokens]).
// The file holds hashes only, but says who may reach what: keep it
// writable by the server's operator alone.
func LoadTokens(path string) ([]Token, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("server: token list: %w", err)
	}
	return ParseTokens(data)
}
