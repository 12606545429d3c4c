package keyset

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Protector seals keysets at rest. The name the keyset is stored under is
// bound to the blob, so blobs cannot be swapped between names.
type Protector interface {
	// Seal returns the protected blob of h, stored under name.
	Seal(h *tinkkeyset.Handle, name string) ([]byte, error)
	// Open returns the keyset in blob, stored under name. A wrong key or a
	// tampered blob returns an error matching [sealstream.ErrWrongKey].
	Open(blob []byte, name string) (*tinkkeyset.Handle, error)
}

// Container layout: magic "SSK1" | kind | LV(kind parameters) | EncryptedKeyset.
// The header (everything before the EncryptedKeyset) and the name form the
// keyset's associated data.
const containerMagic = "SSK1"

// Container kinds.
const (
	KindMaster     byte = 1 // sealed under a master AEAD
	KindPassphrase byte = 2 // sealed under an argon2id-derived key
)

// MaxBlobSize bounds a keyset blob; larger input is refused unread.
const MaxBlobSize = 1 << 20

// Header returns the container header for kind and its parameters.
func Header(kind byte, params []byte) []byte {
	return codec.AppendLV(append([]byte(containerMagic), kind), params)
}

// ParseHeader splits blob into its kind, parameters, header bytes and body.
func ParseHeader(blob []byte) (kind byte, params, header, body []byte, err error) {
	if len(blob) > MaxBlobSize {
		return 0, nil, nil, nil, fmt.Errorf("keyset: blob of %d bytes is over the %d limit: %w", len(blob), MaxBlobSize, sealstream.ErrCorrupt)
	}
	if len(blob) < len(containerMagic)+2 || !bytes.HasPrefix(blob, []byte(containerMagic)) {
		return 0, nil, nil, nil, fmt.Errorf("keyset: not a keyset container: %w", sealstream.ErrCorrupt)
	}
	kind = blob[len(containerMagic)]
	rest := blob[len(containerMagic)+1:]
	n, w := binary.Uvarint(rest)
	if w <= 0 || n > uint64(len(rest)-w) {
		return 0, nil, nil, nil, fmt.Errorf("keyset: bad container header: %w", sealstream.ErrCorrupt)
	}
	hlen := len(containerMagic) + 1 + w + int(n)
	return kind, rest[w : w+int(n)], blob[:hlen], blob[hlen:], nil
}

// SealWith writes h under kek with the given header, binding header and name.
func SealWith(h *tinkkeyset.Handle, kek tink.AEAD, header []byte, name string) ([]byte, error) {
	buf := bytes.NewBuffer(append([]byte(nil), header...))
	if err := h.WriteWithAssociatedData(tinkkeyset.NewBinaryWriter(buf), kek, containerAD(header, name)); err != nil {
		return nil, fmt.Errorf("keyset: seal %q: %w", name, err)
	}
	return buf.Bytes(), nil
}

// OpenWith reads the keyset sealed by SealWith.
func OpenWith(body []byte, kek tink.AEAD, header []byte, name string) (*tinkkeyset.Handle, error) {
	h, err := tinkkeyset.ReadWithAssociatedData(tinkkeyset.NewBinaryReader(bytes.NewReader(body)), kek, containerAD(header, name))
	if err != nil {
		return nil, fmt.Errorf("keyset: open %q: %w", name, sealstream.ErrWrongKey)
	}
	return h, nil
}

func containerAD(header []byte, name string) []byte {
	return codec.AppendLV(codec.AppendLV(nil, header), []byte(name))
}

type master struct{ kek tink.AEAD }

// MasterKey returns a Protector that seals keysets under kek, any Tink AEAD:
// a keyset AEAD, a KMS AEAD, or 32 raw bytes through aead/subtle.NewAESGCM.
func MasterKey(kek tink.AEAD) Protector { return master{kek} }

func (m master) Seal(h *tinkkeyset.Handle, name string) ([]byte, error) {
	return SealWith(h, m.kek, Header(KindMaster, nil), name)
}

func (m master) Open(blob []byte, name string) (*tinkkeyset.Handle, error) {
	kind, _, header, body, err := ParseHeader(blob)
	if err != nil {
		return nil, err
	}
	if kind != KindMaster {
		return nil, fmt.Errorf("keyset: open %q: container kind %d is not a master-key container: %w", name, kind, sealstream.ErrWrongKey)
	}
	return OpenWith(body, m.kek, header, name)
}
