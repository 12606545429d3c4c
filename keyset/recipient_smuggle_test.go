package keyset_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	sskeyset "github.com/sealstream/sealstream/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"
)

// An export that hides key bytes in a disabled key of another type is no
// recipient: only HPKE public keys may travel in one.
func TestParseRecipientRefusesForeignKeys(t *testing.T) {
	id, err := sskeyset.NewIdentity("alice")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := id.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	export, err := rc.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	name := []byte("alice")
	rest := export[len("SSR2")+1+len(name):]
	n, w := binary.Uvarint(rest)
	hpke, spub := rest[w:w+int(n)], rest[w+int(n):]
	smuggle := func(keyset []byte, url string) []byte {
		var ks tinkpb.Keyset
		if err := proto.Unmarshal(keyset, &ks); err != nil {
			t.Fatal(err)
		}
		ks.Key = append(ks.Key, &tinkpb.Keyset_Key{
			KeyData: &tinkpb.KeyData{
				TypeUrl:         url,
				Value:           []byte("SECRET-KEY-BYTES-SMUGGLED-OUT!!!"),
				KeyMaterialType: tinkpb.KeyData_ASYMMETRIC_PUBLIC,
			},
			Status:           tinkpb.KeyStatusType_DISABLED,
			KeyId:            ks.PrimaryKeyId + 1,
			OutputPrefixType: tinkpb.OutputPrefixType_TINK,
		})
		out, err := proto.Marshal(&ks)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	head := codec.AppendLV([]byte("SSR2"), name)
	for _, in := range [][]byte{
		append(codec.AppendLV(bytes.Clone(head), smuggle(hpke, "type.googleapis.com/google.crypto.tink.HpkePublicKez")), spub...),
		append(codec.AppendLV(bytes.Clone(head), hpke), smuggle(spub, "type.googleapis.com/google.crypto.tink.Ed25519PublicKez")...),
	} {
		if _, err := sskeyset.ParseRecipient(in); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("ParseRecipient with a smuggled key = %v, want ErrCorrupt", err)
		}
	}
	old := append([]byte("SSR1"), export[4:]...)
	if _, err := sskeyset.ParseRecipient(old); !errors.Is(err, sealstream.ErrFormat) {
		t.Fatalf("ParseRecipient of an older export = %v, want ErrFormat", err)
	}
	if _, err := sskeyset.ParseRecipient(export); err != nil {
		t.Fatalf("ParseRecipient of the genuine export = %v", err)
	}
}
