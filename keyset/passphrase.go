package keyset

import (
	"crypto/rand"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/golang-lru/v2"
	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
	"golang.org/x/crypto/argon2"
)

// kekCacheSize bounds the derived keys a passphrase protector keeps.
const kekCacheSize = 64

type passphrase struct {
	pass    []byte
	params  Argon2Params
	keks    *lru.Cache[string, tink.AEAD] // container header -> derived KEK
	derived atomic.Int64                  // derivations run, for tests
}

// Passphrase returns a Protector that seals keysets under a key derived
// from pass with argon2id. Each Seal draws a fresh 16-byte salt; the cost
// parameters p and the salt are written into the container header, which
// is authenticated, so Open derives with the parameters the blob was sealed
// with, whatever p is. Before deriving, Open checks them against
// [MaxArgon2Time], [MaxArgon2Memory], [MaxArgon2Threads] and the salt size
// bounds, and refuses a container out of bounds with an error matching
// [sealstream.ErrCorrupt] without running argon2.
//
// Deriving is slow by design (see [DefaultArgon2]), so the protector keeps
// the keys it derived, as AEADs, by container header (parameters and salt)
// for the last 64 headers it saw: opening the same blob again, or a blob it
// has just sealed, does not derive again. The derived key bytes are cleared
// once the AEAD is built. Passphrase keeps a copy of pass; the caller may
// clear its own. An empty pass is refused by Seal with
// [sealstream.ErrNoKey], and p out of bounds with an error.
//
// A wrong passphrase, a tampered container or a blob stored under another
// name makes Open fail with [sealstream.ErrWrongKey], never return another
// keyset.
func Passphrase(pass []byte, p Argon2Params) Protector {
	keks, err := lru.New[string, tink.AEAD](kekCacheSize)
	if err != nil {
		panic("keyset: LRU of positive size: " + err.Error())
	}
	return &passphrase{pass: append([]byte(nil), pass...), params: p, keks: keks}
}

func (p *passphrase) Seal(h *tinkkeyset.Handle, name string) ([]byte, error) {
	if len(p.pass) == 0 {
		return nil, fmt.Errorf("keyset: seal %q: empty passphrase: %w", name, sealstream.ErrNoKey)
	}
	if err := p.params.check(); err != nil {
		return nil, fmt.Errorf("keyset: seal %q: %w", name, err)
	}
	salt := make([]byte, saltSize)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	head := header(kindPassphrase, p.params.encode(salt))
	kek, err := p.kek(head, p.params, salt)
	if err != nil {
		return nil, err
	}
	return sealWith(h, kek, head, name)
}

func (p *passphrase) Open(blob []byte, name string) (*tinkkeyset.Handle, error) {
	kind, params, head, body, err := parseHeader(blob)
	if err != nil {
		return nil, err
	}
	if kind != kindPassphrase {
		return nil, fmt.Errorf("keyset: open %q: container kind %d is not a passphrase container: %w", name, kind, sealstream.ErrWrongKey)
	}
	ap, salt, err := decodeArgon2(params)
	if err != nil {
		return nil, fmt.Errorf("keyset: open %q: %w", name, err)
	}
	kek, err := p.kek(head, ap, salt)
	if err != nil {
		return nil, err
	}
	return openWith(body, kek, head, name)
}

// kek returns the AEAD of the key derived for header, from the cache or by
// running argon2id with ap and salt, which header encodes.
func (p *passphrase) kek(header []byte, ap Argon2Params, salt []byte) (tink.AEAD, error) {
	if a, ok := p.keks.Get(string(header)); ok {
		return a, nil
	}
	p.derived.Add(1)
	k := argon2.IDKey(p.pass, salt, ap.Time, ap.Memory, ap.Threads, 32)
	defer clear(k)
	a, err := subtle.NewAESGCM(k)
	if err != nil {
		return nil, fmt.Errorf("keyset: AES-GCM with a derived key: %w", err)
	}
	p.keks.Add(string(header), a)
	return a, nil
}
