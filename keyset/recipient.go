package keyset

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/hybrid"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/signature"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Recipient is the public part of an Identity: what a writer needs to seal
// an event to it, and what a reader needs to check that identity's
// signatures. It holds no secrets and can be exported with
// [Recipient.MarshalBinary] and imported with [ParseRecipient].
type Recipient struct {
	id   string
	pub  *tinkkeyset.Handle // HPKE public
	spub *tinkkeyset.Handle // Ed25519 public
	enc  tink.HybridEncrypt
	ver  tink.Verifier
}

func recipientFrom(id string, pub, spub *tinkkeyset.Handle) (Recipient, error) {
	enc, err := hybrid.NewHybridEncrypt(pub)
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: recipient %q: not an HPKE public keyset: %w", id, sealstream.ErrCorrupt)
	}
	ver, err := signature.NewVerifier(spub)
	if err != nil {
		return Recipient{}, fmt.Errorf("keyset: recipient %q: not a signature public keyset: %w", id, sealstream.ErrCorrupt)
	}
	return Recipient{id: id, pub: pub, spub: spub, enc: enc, ver: ver}, nil
}

// ID returns the recipient's ID, the ID of its identity.
func (r Recipient) ID() string { return r.id }

// Encrypter returns the HPKE primitive that wraps data keys for r. The
// envelope code uses it; applications do not need it.
func (r Recipient) Encrypter() tink.HybridEncrypt { return r.enc }

// Verifier returns the primitive that checks r's signatures, or nil for a
// zero Recipient. The stream package uses it; applications do not need it.
func (r Recipient) Verifier() tink.Verifier { return r.ver }

const (
	recipientMagic   = "SSR2"
	recipientMagicV1 = "SSR1"
)

// MarshalBinary returns "SSR2" | LV(ID) | LV(HPKE public keyset) | the
// signature public keyset, keysets in Tink's binary format. It holds no
// secret.
func (r Recipient) MarshalBinary() ([]byte, error) {
	if r.pub == nil {
		return nil, fmt.Errorf("keyset: zero Recipient: %w", sealstream.ErrNoKey)
	}
	var hp, sp bytes.Buffer
	if err := r.pub.WriteWithNoSecrets(tinkkeyset.NewBinaryWriter(&hp)); err != nil {
		return nil, fmt.Errorf("keyset: export recipient %q: %w", r.id, err)
	}
	if err := r.spub.WriteWithNoSecrets(tinkkeyset.NewBinaryWriter(&sp)); err != nil {
		return nil, fmt.Errorf("keyset: export recipient %q: %w", r.id, err)
	}
	out := codec.AppendLV([]byte(recipientMagic), []byte(r.id))
	return append(codec.AppendLV(out, hp.Bytes()), sp.Bytes()...), nil
}

// maxRecipientExport bounds an exported recipient: an ID and a few public
// keys take well under a kilobyte.
const maxRecipientExport = 64 << 10

// ParseRecipient imports a recipient exported by MarshalBinary. Input that
// is not one, or that holds secret key material, is refused with an error
// matching [sealstream.ErrCorrupt]; an export of an older format, without a
// signing key, with [sealstream.ErrFormat].
func ParseRecipient(b []byte) (Recipient, error) {
	bad := fmt.Errorf("keyset: not an exported recipient: %w", sealstream.ErrCorrupt)
	if bytes.HasPrefix(b, []byte(recipientMagicV1)) {
		return Recipient{}, fmt.Errorf("keyset: a recipient exported by an older version, without a signing key: export it again: %w", sealstream.ErrFormat)
	}
	if len(b) > maxRecipientExport || !bytes.HasPrefix(b, []byte(recipientMagic)) {
		return Recipient{}, bad
	}
	id, rest, ok := cutLV(b[len(recipientMagic):])
	if !ok || validIdentityID(string(id)) != nil {
		return Recipient{}, bad
	}
	hp, sp, ok := cutLV(rest)
	if !ok {
		return Recipient{}, bad
	}
	pub, err := publicKeyset(hp, hpkePublicKeyURL)
	if err != nil {
		return Recipient{}, bad
	}
	spub, err := publicKeyset(sp, ed25519PublicKeyURL)
	if err != nil {
		return Recipient{}, bad
	}
	return recipientFrom(string(id), pub, spub)
}

const (
	hpkePublicKeyURL    = "type.googleapis.com/google.crypto.tink.HpkePublicKey"
	ed25519PublicKeyURL = "type.googleapis.com/google.crypto.tink.Ed25519PublicKey"
)

// publicKeyset reads a public keyset every key of which, enabled or not,
// has type url: a key of another type may smuggle secret bytes past
// ReadWithNoSecrets.
func publicKeyset(b []byte, url string) (*tinkkeyset.Handle, error) {
	h, err := tinkkeyset.ReadWithNoSecrets(tinkkeyset.NewBinaryReader(bytes.NewReader(b)))
	if err != nil {
		return nil, err
	}
	for _, k := range h.KeysetInfo().GetKeyInfo() {
		if k.GetTypeUrl() != url || k.GetOutputPrefixType() == tinkpb.OutputPrefixType_UNKNOWN_PREFIX {
			return nil, sealstream.ErrCorrupt
		}
	}
	return h, nil
}

// rotate returns h with a fresh key from template made primary.
func rotate(h *tinkkeyset.Handle, template *tinkpb.KeyTemplate) (*tinkkeyset.Handle, error) {
	m := tinkkeyset.NewManagerFromHandle(h)
	kid, err := m.Add(template)
	if err == nil {
		err = m.SetPrimary(kid)
	}
	if err != nil {
		return nil, err
	}
	return m.Handle()
}

// cutLV splits b into a length-prefixed field and the rest.
func cutLV(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}
