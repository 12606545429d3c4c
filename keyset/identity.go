package keyset

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/hybrid"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// MaxIdentityIDLen bounds an identity's ID.
const MaxIdentityIDLen = 128

// Identity is a reader of one-to-one and one-to-many events: an ID and a
// Tink HPKE keyset (X25519, HKDF-SHA256, AES-256-GCM). Its public part is a
// [Recipient]. An Identity is immutable and safe for concurrent use.
type Identity struct {
	id   string
	priv *tinkkeyset.Handle
	dec  tink.HybridDecrypt
}

// Recipient is the public part of an Identity: what a writer needs to seal
// an event to it. It holds no secrets and can be exported with
// [Recipient.MarshalBinary] and imported with [ParseRecipient].
type Recipient struct {
	id  string
	pub *tinkkeyset.Handle
	enc tink.HybridEncrypt
}

func validIdentityID(id string) error {
	if id == "" || len(id) > MaxIdentityIDLen || !utf8.ValidString(id) {
		return fmt.Errorf("keyset: identity ID of %d bytes: %w", len(id), sealstream.ErrInvalidEvent)
	}
	return nil
}

// NewIdentity returns a new identity with a fresh X25519 HPKE keyset. Keep
// it with [Keyring.SaveIdentity]; it is never written in cleartext.
func NewIdentity(id string) (*Identity, error) {
	if err := validIdentityID(id); err != nil {
		return nil, err
	}
	h, err := tinkkeyset.NewHandle(hybrid.DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM_Key_Template())
	if err != nil {
		return nil, fmt.Errorf("keyset: new identity %q: %w", id, err)
	}
	return identityFrom(id, h)
}

func identityFrom(id string, h *tinkkeyset.Handle) (*Identity, error) {
	dec, err := hybrid.NewHybridDecrypt(h)
	if err != nil {
		return nil, fmt.Errorf("keyset: identity %q: not an HPKE private keyset: %w", id, sealstream.ErrCorrupt)
	}
	return &Identity{id: id, priv: h, dec: dec}, nil
}

// ID returns the identity's ID.
func (i *Identity) ID() string { return i.id }

// Recipient returns the public part of i.
func (i *Identity) Recipient() (Recipient, error) {
	pub, err := i.priv.Public()
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: identity %q: %w", i.id, err)
	}
	return recipientFrom(i.id, pub)
}

// Rotated returns a copy of i with a fresh key made primary. Events sealed
// to the earlier keys stay readable by the copy; writers should take its
// new Recipient.
func (i *Identity) Rotated() (*Identity, error) {
	m := tinkkeyset.NewManagerFromHandle(i.priv)
	kid, err := m.Add(hybrid.DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM_Key_Template())
	if err == nil {
		err = m.SetPrimary(kid)
	}
	var h *tinkkeyset.Handle
	if err == nil {
		h, err = m.Handle()
	}
	if err != nil {
		return nil, fmt.Errorf("keyset: rotate identity %q: %w", i.id, err)
	}
	return identityFrom(i.id, h)
}

func recipientFrom(id string, pub *tinkkeyset.Handle) (Recipient, error) {
	enc, err := hybrid.NewHybridEncrypt(pub)
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: recipient %q: not an HPKE public keyset: %w", id, sealstream.ErrCorrupt)
	}
	return Recipient{id: id, pub: pub, enc: enc}, nil
}

// ID returns the recipient's ID, the ID of its identity.
func (r Recipient) ID() string { return r.id }

const recipientMagic = "SSR1"

// MarshalBinary returns "SSR1" | LV(ID) | the public keyset in Tink's
// binary format. It holds no secret.
func (r Recipient) MarshalBinary() ([]byte, error) {
	if r.pub == nil {
		return nil, fmt.Errorf("keyset: zero Recipient: %w", sealstream.ErrNoKey)
	}
	var buf bytes.Buffer
	buf.Write(codec.AppendLV([]byte(recipientMagic), []byte(r.id)))
	if err := r.pub.WriteWithNoSecrets(tinkkeyset.NewBinaryWriter(&buf)); err != nil {
		return nil, fmt.Errorf("keyset: export recipient %q: %w", r.id, err)
	}
	return buf.Bytes(), nil
}

// maxRecipientExport bounds an exported recipient: an ID and a few public
// keys take well under a kilobyte.
const maxRecipientExport = 64 << 10

// ParseRecipient imports a recipient exported by MarshalBinary. Input that
// is not one, or that holds secret key material, is refused with an error
// matching [sealstream.ErrCorrupt].
func ParseRecipient(b []byte) (Recipient, error) {
	bad := fmt.Errorf("keyset: not an exported recipient: %w", sealstream.ErrCorrupt)
	if len(b) > maxRecipientExport || !bytes.HasPrefix(b, []byte(recipientMagic)) {
		return Recipient{}, bad
	}
	id, rest, ok := cutLV(b[len(recipientMagic):])
	if !ok || validIdentityID(string(id)) != nil {
		return Recipient{}, bad
	}
	pub, err := tinkkeyset.ReadWithNoSecrets(tinkkeyset.NewBinaryReader(bytes.NewReader(rest)))
	if err != nil || !hpkePublicOnly(pub) {
		return Recipient{}, bad
	}
	return recipientFrom(string(id), pub)
}

// hpkePublicOnly reports whether every key of h, enabled or not, is an
// HPKE public key: a key of another type, even disabled, may smuggle
// secret bytes past ReadWithNoSecrets.
func hpkePublicOnly(h *tinkkeyset.Handle) bool {
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		if k.GetTypeUrl() != hpkePublicKeyURL {
			return false
		}
	}
	return true
}

const hpkePublicKeyURL = "type.googleapis.com/google.crypto.tink.HpkePublicKey"
