package keyset

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream/codec"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"
)

// The blobs of the identity listing (see [Keyring.Identities]) are named
// like every other blob of the keyring, by a PRF under the master of a
// keyName and a number: entry i of the listing is number i of listName,
// and the marker of an ID is number 0 of that ID under markerKind.
var listName = keyName{"identity-list", ""}

const markerKind = "identity-listed"

func markerName(id string) keyName { return keyName{markerKind, id} }

// listLabel starts the associated data of a listing blob; keyset blobs
// use another label, so neither can pass for the other.
const listLabel = "sealstream/keyring/identity-list"

// What a listing blob says.
const (
	recListed  byte = 'l' // an entry: the ID is listed
	recRemoved byte = 'r' // an entry whose identity was forgotten; no ID
	recMarker  byte = 'm' // the marker of an ID: listed at entry index
)

// recordSize is the size of every listing record before sealing: kind,
// entry index (u64), ID length (u8) and the ID padded with zeros to
// MaxIdentityIDLen, so that no blob tells the length of the ID it holds.
const recordSize = 1 + 8 + 1 + MaxIdentityIDLen

// record is what one listing blob holds.
type record struct {
	kind  byte
	index uint64 // an entry's own number; the entry a marker points at
	id    string // empty in a removed entry
}

// listAD is the associated data of number e of listing slot n.
func listAD(head []byte, n keyName, e uint64) []byte {
	bound := binary.BigEndian.AppendUint64(codec.AppendLV(codec.AppendLV(nil, []byte(listLabel)), []byte(n.String())), e)
	return containerAD(head, string(bound))
}

// sealRecord seals r as number e of slot n, in a master-key container
// framed as a keyset blob is, so that it looks like one but for its size.
func (rk *ringKeys) sealRecord(n keyName, e uint64, r record) ([]byte, error) {
	if len(r.id) > MaxIdentityIDLen {
		return nil, fmt.Errorf("keyset: identity listing: an ID of %d bytes", len(r.id))
	}
	pt := make([]byte, recordSize)
	pt[0] = r.kind
	binary.BigEndian.PutUint64(pt[1:9], r.index)
	pt[9] = byte(len(r.id))
	copy(pt[10:], r.id)
	head := header(kindMaster, nil)
	ct, err := rk.seal.Encrypt(pt, listAD(head, n, e))
	if err != nil {
		return nil, fmt.Errorf("keyset: identity listing: seal: %w", err)
	}
	body, err := proto.Marshal(&tinkpb.EncryptedKeyset{EncryptedKeyset: ct})
	if err != nil {
		return nil, fmt.Errorf("keyset: identity listing: seal: %w", err)
	}
	return append(head, body...), nil
}

// openRecord opens the blob stored as number e of slot n. Anything but a
// well-formed record the keyring sealed there returns errNotSealed.
func (rk *ringKeys) openRecord(blob []byte, n keyName, e uint64) (record, error) {
	kind, _, head, body, err := parseHeader(blob)
	if err != nil || kind != kindMaster {
		return record{}, errNotSealed
	}
	var ek tinkpb.EncryptedKeyset
	if err := proto.Unmarshal(body, &ek); err != nil {
		return record{}, errNotSealed
	}
	pt, err := rk.seal.Decrypt(ek.GetEncryptedKeyset(), listAD(head, n, e))
	if err != nil || len(pt) != recordSize {
		return record{}, errNotSealed
	}
	r := record{kind: pt[0], index: binary.BigEndian.Uint64(pt[1:9])}
	l := int(pt[9])
	if l > MaxIdentityIDLen || !allZero(pt[10+l:]) {
		return record{}, errNotSealed
	}
	r.id = string(pt[10 : 10+l])
	switch r.kind {
	case recListed, recMarker:
		if validIdentityID(r.id) != nil {
			return record{}, errNotSealed
		}
	case recRemoved:
		if l != 0 {
			return record{}, errNotSealed
		}
	default:
		return record{}, errNotSealed
	}
	return r, nil
}

func allZero(b []byte) bool { return len(bytes.Trim(b, "\x00")) == 0 }
