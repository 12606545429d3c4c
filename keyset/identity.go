package keyset

import (
	"fmt"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
	"github.com/tink-crypto/tink-go/v2/hybrid"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/signature"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// MaxIdentityIDLen bounds an identity's ID.
const MaxIdentityIDLen = 128

// Identity is a person or device that reads and writes events: an ID, a
// Tink HPKE keyset (X25519, HKDF-SHA256, AES-256-GCM) that opens events
// sealed to it, and a Tink Ed25519 keyset with which it signs what it
// writes. Its public part is a [Recipient]. An Identity is immutable and
// safe for concurrent use.
type Identity struct {
	id   string
	priv *tinkkeyset.Handle // HPKE
	sign *tinkkeyset.Handle // Ed25519
	dec  tink.HybridDecrypt
	sig  tink.Signer
}

func validIdentityID(id string) error {
	if id == "" || len(id) > MaxIdentityIDLen || !utf8.ValidString(id) {
		return fmt.Errorf("keyset: identity ID of %d bytes: %w", len(id), sealstream.ErrInvalidEvent)
	}
	return nil
}

var (
	hpkeTemplate = hybrid.DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM_Key_Template
	signTemplate = signature.ED25519KeyTemplate
)

// NewIdentity returns a new identity with fresh HPKE and signing keysets.
// Keep it with [Keyring.SaveIdentity]; it is never written in cleartext.
func NewIdentity(id string) (*Identity, error) {
	if err := validIdentityID(id); err != nil {
		return nil, err
	}
	h, err := tinkkeyset.NewHandle(hpkeTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: new identity %q: %w", id, err)
	}
	s, err := tinkkeyset.NewHandle(signTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: new identity %q: %w", id, err)
	}
	return identityFrom(id, h, s)
}

func identityFrom(id string, h, s *tinkkeyset.Handle) (*Identity, error) {
	dec, err := hybrid.NewHybridDecrypt(h)
	if err != nil {
		return nil, fmt.Errorf("keyset: identity %q: not an HPKE private keyset: %w", id, sealstream.ErrCorrupt)
	}
	sig, err := signature.NewSigner(s)
	if err != nil {
		return nil, fmt.Errorf("keyset: identity %q: not a signing keyset: %w", id, sealstream.ErrCorrupt)
	}
	return &Identity{id: id, priv: h, sign: s, dec: dec, sig: sig}, nil
}

// ID returns the identity's ID.
func (i *Identity) ID() string { return i.id }

// Decrypter returns the HPKE primitive that opens data keys wrapped for i.
// The envelope code uses it; applications do not need it.
func (i *Identity) Decrypter() tink.HybridDecrypt { return i.dec }

// Signer returns the primitive with which i signs what it writes. The
// stream package uses it; applications do not need it.
func (i *Identity) Signer() tink.Signer { return i.sig }

// Recipient returns the public part of i.
func (i *Identity) Recipient() (Recipient, error) {
	pub, err := i.priv.Public()
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: identity %q: %w", i.id, err)
	}
	spub, err := i.sign.Public()
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: identity %q: %w", i.id, err)
	}
	return recipientFrom(i.id, pub, spub)
}

// Rotated returns a copy of i with a fresh HPKE key and a fresh signing
// key made primary. Events sealed to the earlier keys stay readable by the
// copy, and signatures by earlier keys verify with its new Recipient;
// writers and readers should take that new Recipient.
func (i *Identity) Rotated() (*Identity, error) {
	h, err := rotate(i.priv, hpkeTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: rotate identity %q: %w", i.id, err)
	}
	s, err := rotate(i.sign, signTemplate())
	if err != nil {
		return nil, fmt.Errorf("keyset: rotate identity %q: %w", i.id, err)
	}
	return identityFrom(i.id, h, s)
}
