package keyset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
	"google.golang.org/protobuf/proto"
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

// Container layout: magic "SSK2" | kind | LV(kind parameters) | EncryptedKeyset.
// The header (everything before the EncryptedKeyset) and the name form the
// keyset's associated data.
const containerMagic = "SSK2"

// oldContainerMagic starts the containers of the earlier format, which
// stored Tink's cleartext keyset info and was read without epochs.
const oldContainerMagic = "SSK1"

// Container kinds.
const (
	kindMaster     byte = 1 // sealed under a master AEAD
	kindPassphrase byte = 2 // sealed under an argon2id-derived key
)

// MaxBlobSize bounds a keyset blob; larger input is refused unread.
const MaxBlobSize = 1 << 20

// header returns the container header for kind and its parameters.
func header(kind byte, params []byte) []byte {
	return codec.AppendLV(append([]byte(containerMagic), kind), params)
}

// parseHeader splits blob into its kind, parameters, header bytes and body.
func parseHeader(blob []byte) (kind byte, params, head, body []byte, err error) {
	switch {
	case len(blob) > MaxBlobSize:
		return 0, nil, nil, nil, fmt.Errorf("keyset: blob of %d bytes is over the %d limit: %w", len(blob), MaxBlobSize, sealstream.ErrCorrupt)
	case bytes.HasPrefix(blob, []byte(oldContainerMagic)):
		return 0, nil, nil, nil, fmt.Errorf("keyset: the keyset container (%s) was written by an older version of sealstream, which this one no longer reads (see Migration in the keyset package doc): %w", oldContainerMagic, sealstream.ErrFormat)
	case len(blob) < len(containerMagic)+2 || !bytes.HasPrefix(blob, []byte(containerMagic)):
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

// sealWith writes h under kek with the given header, binding header and
// name. Tink's cleartext keyset info (key IDs, types and statuses) is left
// out, so a blob shows nothing but its size.
func sealWith(h *tinkkeyset.Handle, kek tink.AEAD, head []byte, name string) ([]byte, error) {
	blob, err := sealContainer(h, kek, head, containerAD(head, name))
	if err != nil {
		return nil, fmt.Errorf("keyset: seal %q: %w", name, err)
	}
	return blob, nil
}

// sealContainer returns head followed by h encrypted under kek with the
// associated data ad.
func sealContainer(h *tinkkeyset.Handle, kek tink.AEAD, head, ad []byte) ([]byte, error) {
	w := &infoless{buf: bytes.NewBuffer(append([]byte(nil), head...))}
	if err := h.WriteWithAssociatedData(w, kek, ad); err != nil {
		return nil, err
	}
	return w.buf.Bytes(), nil
}

// openWith reads the keyset sealed by sealWith.
func openWith(body []byte, kek tink.AEAD, head []byte, name string) (*tinkkeyset.Handle, error) {
	h, err := openContainer(body, kek, containerAD(head, name))
	if err != nil {
		return nil, fmt.Errorf("keyset: open %q: %w", name, sealstream.ErrWrongKey)
	}
	return h, nil
}

// openContainer decrypts body under kek with the associated data ad.
func openContainer(body []byte, kek tink.AEAD, ad []byte) (*tinkkeyset.Handle, error) {
	return tinkkeyset.ReadWithAssociatedData(tinkkeyset.NewBinaryReader(bytes.NewReader(body)), kek, ad)
}

func containerAD(head []byte, name string) []byte {
	return codec.AppendLV(codec.AppendLV(nil, head), []byte(name))
}

// infoless is a Tink keyset writer that keeps only the ciphertext of an
// encrypted keyset; Tink reads such a keyset back without its info.
type infoless struct{ buf *bytes.Buffer }

func (w *infoless) Write(*tinkpb.Keyset) error {
	return errors.New("keyset: a keyset is never written in cleartext")
}

func (w *infoless) WriteEncrypted(ek *tinkpb.EncryptedKeyset) error {
	b, err := proto.Marshal(&tinkpb.EncryptedKeyset{EncryptedKeyset: ek.GetEncryptedKeyset()})
	if err != nil {
		return err
	}
	w.buf.Write(b)
	return nil
}

type master struct{ kek tink.AEAD }

// MasterKey returns a Protector that seals keysets under kek, any Tink AEAD:
// a keyset AEAD, a KMS AEAD, or 32 raw bytes through aead/subtle.NewAESGCM.
func MasterKey(kek tink.AEAD) Protector { return master{kek} }

func (m master) Seal(h *tinkkeyset.Handle, name string) ([]byte, error) {
	return sealWith(h, m.kek, header(kindMaster, nil), name)
}

func (m master) Open(blob []byte, name string) (*tinkkeyset.Handle, error) {
	kind, _, head, body, err := parseHeader(blob)
	if err != nil {
		return nil, err
	}
	if kind != kindMaster {
		return nil, fmt.Errorf("keyset: open %q: container kind %d is not a master-key container: %w", name, kind, sealstream.ErrWrongKey)
	}
	return openWith(body, m.kek, head, name)
}
