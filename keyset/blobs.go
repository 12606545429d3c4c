package keyset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

// What an epoch's blob holds. The kind is bound into the blob's associated
// data, never written in the clear: every blob is a sealed keyset, and only
// the master tells a tombstone from a keyset.
const (
	blobKeyset    byte = 'k' // the keyset in force
	blobPending   byte = 'p' // the keyset in force, while its successor may be being written
	blobTombstone byte = 't' // decoy keys: the keyset was destroyed
	blobOldKeyset byte = 'K' // decoy keys: superseded by a keyset at the next epoch
	blobOldTomb   byte = 'T' // decoy keys: superseded by a tombstone at the next epoch
)

// blobKinds are the kinds in the order Open tries them, the commonest first.
var blobKinds = [...]byte{blobKeyset, blobTombstone, blobOldKeyset, blobPending, blobOldTomb}

// errNotSealed reports a blob that is not one the keyring sealed for the
// name and epoch it is stored under.
var errNotSealed = errors.New("keyset: blob does not authenticate")

// blobAD is the associated data of the blob of kind at epoch e of name n.
func blobAD(head []byte, n keyName, e uint64, kind byte) []byte {
	bound := binary.BigEndian.AppendUint64(codec.AppendLV([]byte("sealstream/keyring/blob"), []byte(n.String())), e)
	return containerAD(head, string(append(bound, kind)))
}

// sealBlob seals h as the blob of kind at epoch e of name n, under the
// keyring's seal key, in a master-key container.
func (rk *ringKeys) sealBlob(h *tinkkeyset.Handle, n keyName, e uint64, kind byte) ([]byte, error) {
	head := header(kindMaster, nil)
	blob, err := sealContainer(h, rk.seal, head, blobAD(head, n, e, kind))
	if err != nil {
		return nil, fmt.Errorf("keyset: seal a keyset: %w", err)
	}
	return blob, nil
}

// openBlob opens the blob stored at epoch e of name n and returns its
// keyset and kind. A blob that is not a container of this version returns
// the error of parseHeader; one that does not authenticate as any kind at
// this name and epoch (another name's, another epoch's, edited) returns
// errNotSealed.
func (rk *ringKeys) openBlob(blob []byte, n keyName, e uint64) (*tinkkeyset.Handle, byte, error) {
	kind, _, head, body, err := parseHeader(blob)
	if err != nil {
		return nil, 0, err
	}
	if kind != kindMaster {
		return nil, 0, errNotSealed
	}
	for _, k := range blobKinds {
		if h, err := openContainer(body, rk.seal, blobAD(head, n, e, k)); err == nil {
			return h, k, nil
		}
	}
	return nil, 0, errNotSealed
}

// decoy returns a fresh AES-256-GCM keyset of n keys (at least one): the
// content of a tombstone or of a superseded epoch, as large as the keyset
// it stands for and sealed like it, so that the store shows no difference.
func decoy(n int) (*tinkkeyset.Handle, error) {
	m := tinkkeyset.NewManager()
	for i := range max(n, 1) {
		id, err := m.Add(aead.AES256GCMKeyTemplate())
		if err != nil {
			return nil, fmt.Errorf("keyset: decoy keyset: %w", err)
		}
		if i == 0 {
			if err := m.SetPrimary(id); err != nil {
				return nil, fmt.Errorf("keyset: decoy keyset: %w", err)
			}
		}
	}
	return m.Handle()
}

// integrity returns an error matching [sealstream.ErrIntegrity] about the
// blob stored as epoch e of name n, saying why it is refused.
func integrity(n keyName, blob string, e uint64, why string) error {
	return fmt.Errorf("keyset: %s: blob %s (epoch %d) %s: %w", describe(n), blob, e, why, sealstream.ErrIntegrity)
}

// describe names the keyset of n without its ID, which callers name: "the
// stream's keyset" for "stream/<id>".
func describe(n keyName) string { return "the " + n.kind + "'s keyset" }

// keyName names a keyset of the keyring by what it serves ("stream",
// "identity", …) and its ID; written out, "<kind>/<id>".
type keyName struct{ kind, id string }

func (n keyName) String() string { return n.kind + "/" + n.id }

// parseKeyName returns the keyName written out as s.
func parseKeyName(s string) keyName {
	kind, id, _ := strings.Cut(s, "/")
	return keyName{kind, id}
}
