package stream

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"

	"github.com/tink-crypto/tink-go/v2/tink"
	"golang.org/x/mod/sumdb/note"
)

// Checkpoints are C2SP signed notes (the format of Go's checksum
// database), signed by two kinds of key: the stream's keys, through an
// AEAD tag any holder of them can check, and writer identities, through
// their Ed25519 signatures. noteKey is both a note.Signer and a
// note.Verifier for one of them.
type noteKey struct {
	name   string
	sign   func(msg []byte) ([]byte, error)
	verify func(msg, sig []byte) bool
}

func (k noteKey) Name() string { return k.name }

// KeyHash identifies the key by name: the keys behind a name rotate, and
// Tink picks the right one from the prefix of each tag or signature.
func (k noteKey) KeyHash() uint32 {
	sum := sha256.Sum256([]byte(k.name))
	return binary.BigEndian.Uint32(sum[:4])
}

func (k noteKey) Sign(msg []byte) ([]byte, error) { return k.sign(msg) }

func (k noteKey) Verify(msg, sig []byte) bool { return k.verify(msg, sig) }

const checkpointAD = "sealstream checkpoint tag\n"

// streamNoteKey signs and checks checkpoints with the stream's AEAD.
func streamNoteKey(a tink.AEAD) noteKey {
	return noteKey{
		name: "sealstream-stream-keys",
		sign: func(msg []byte) ([]byte, error) { return a.Encrypt(nil, append([]byte(checkpointAD), msg...)) },
		verify: func(msg, sig []byte) bool {
			_, err := a.Decrypt(sig, append([]byte(checkpointAD), msg...))
			return err == nil
		},
	}
}

// writerNoteKey signs checkpoints with a writer identity's signer (s) or
// checks them with its verifier (v); either may be nil.
func writerNoteKey(id string, s tink.Signer, v tink.Verifier) noteKey {
	return noteKey{
		name: "sealstream-writer-" + base64.RawURLEncoding.EncodeToString([]byte(id)),
		sign: func(msg []byte) ([]byte, error) { return s.Sign(msg) },
		verify: func(msg, sig []byte) bool {
			return v != nil && v.Verify(sig, msg) == nil
		},
	}
}

var (
	_ note.Signer   = noteKey{}
	_ note.Verifier = noteKey{}
)
