package envelope

import (
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Version is the first byte of every envelope.
const Version byte = 2

// Modes of an envelope, its second byte.
const (
	ModePlain byte = 0 // payload stored as is, for stores opened in plaintext
	ModeAll   byte = 1 // sealed with the stream's keyset
	ModeOne   byte = 2 // sealed to one recipient
	ModeMany  byte = 3 // sealed to several recipients
)

// Mode returns the mode of the envelope env. An envelope of format 1 is
// [sealstream.ErrFormat]; anything else malformed [sealstream.ErrDecrypt].
func Mode(env []byte) (byte, error) {
	switch {
	case len(env) >= 2 && env[0] == 1:
		return 0, fmt.Errorf("envelope format 1, written by an older version: %w", sealstream.ErrFormat)
	case len(env) < 2 || env[0] != Version || env[1] > ModeMany:
		return 0, fmt.Errorf("envelope header: %w", sealstream.ErrDecrypt)
	}
	return env[1], nil
}

// Plain returns the plaintext envelope of payload.
func Plain(payload []byte) []byte {
	return append([]byte{Version, ModePlain}, payload...)
}

// Seal returns the "all"-mode envelope of payload under a, bound to ad.
// The header is appended to ad in place when ad has spare capacity (so a
// caller's scratch buffer saves an allocation): do not share ad's backing
// array with anything that lives past len(ad).
func Seal(a tink.AEAD, payload, ad []byte) ([]byte, error) {
	hdr := [2]byte{Version, ModeAll}
	ct, err := a.Encrypt(payload, codec.AppendLV(ad, hdr[:]))
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	env := make([]byte, len(hdr)+len(ct))
	copy(env[copy(env, hdr[:]):], ct)
	return env, nil
}

// Open returns the payload of an "all" or plaintext envelope. A plaintext
// envelope is refused unless plain is true; a failed authentication
// matches [sealstream.ErrDecrypt], a missing AEAD [sealstream.ErrNoKey].
func Open(a tink.AEAD, env, ad []byte, plain bool) ([]byte, error) {
	mode, err := Mode(env)
	if err != nil {
		return nil, err
	}
	switch {
	case mode == ModePlain && plain:
		return env[2:], nil
	case mode == ModeAll && a != nil:
		pt, err := a.Decrypt(env[2:], codec.AppendLV(ad, env[:2]))
		if err != nil {
			return nil, sealstream.ErrDecrypt
		}
		return pt, nil
	case mode == ModeAll:
		return nil, sealstream.ErrNoKey
	}
	return nil, fmt.Errorf("envelope mode %d not accepted here: %w", mode, sealstream.ErrDecrypt)
}
