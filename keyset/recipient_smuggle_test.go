package keyset_test

import (
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
	name, rest := []byte("alice"), export[len("SSR1")+1+len("alice"):]
	var ks tinkpb.Keyset
	if err := proto.Unmarshal(rest, &ks); err != nil {
		t.Fatal(err)
	}
	ks.Key = append(ks.Key, &tinkpb.Keyset_Key{
		KeyData: &tinkpb.KeyData{
			TypeUrl:         "type.googleapis.com/google.crypto.tink.HpkePublicKez",
			Value:           []byte("SECRET-KEY-BYTES-SMUGGLED-OUT!!!"),
			KeyMaterialType: tinkpb.KeyData_ASYMMETRIC_PUBLIC,
		},
		Status:           tinkpb.KeyStatusType_DISABLED,
		KeyId:            ks.PrimaryKeyId + 1,
		OutputPrefixType: tinkpb.OutputPrefixType_TINK,
	})
	forged, err := proto.Marshal(&ks)
	if err != nil {
		t.Fatal(err)
	}
	in := append(codec.AppendLV([]byte("SSR1"), name), forged...)
	if _, err := sskeyset.ParseRecipient(in); !errors.Is(err, sealstream.ErrCorrupt) {
		t.Fatalf("ParseRecipient with a smuggled key = %v, want ErrCorrupt", err)
	}
	if _, err := sskeyset.ParseRecipient(export); err != nil {
		t.Fatalf("ParseRecipient of the genuine export = %v", err)
	}
}
