package keyset_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	sskeyset "github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

func identities(t testing.TB, ids ...string) ([]*sskeyset.Identity, []sskeyset.Recipient) {
	t.Helper()
	var is []*sskeyset.Identity
	var rs []sskeyset.Recipient
	for _, id := range ids {
		i, err := sskeyset.NewIdentity(id)
		if err != nil {
			t.Fatal(err)
		}
		r, err := i.Recipient()
		if err != nil {
			t.Fatal(err)
		}
		is, rs = append(is, i), append(rs, r)
	}
	return is, rs
}

func TestRecipientExport(t *testing.T) {
	is, rs := identities(t, "alice")
	b, err := rs[0].MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r, err := sskeyset.ParseRecipient(b)
	if err != nil || r.ID() != "alice" {
		t.Fatalf("ParseRecipient = %v, %v", r.ID(), err)
	}
	again, err := r.MarshalBinary()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("the imported recipient exports other bytes: %v", err)
	}
	sig, err := is[0].Signer().Sign([]byte("hi"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verifier().Verify(sig, []byte("hi")); err != nil {
		t.Fatalf("the imported recipient does not verify its identity's signature: %v", err)
	}
	// Secret key material is refused on import.
	secret := bytes.NewBuffer(codec.AppendLV([]byte("SSR2"), []byte("alice")))
	if err := insecurecleartextkeyset.Write(sskeyset.PrivateOf(is[0]), tinkkeyset.NewBinaryWriter(secret)); err != nil {
		t.Fatal(err)
	}
	withSecret := secret.Bytes()
	for _, in := range [][]byte{nil, []byte("SSR2"), b[:len(b)-3], withSecret, append([]byte("XXXX"), b[4:]...)} {
		if _, err := sskeyset.ParseRecipient(in); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("ParseRecipient(% x…) = %v, want ErrCorrupt", in[:min(len(in), 8)], err)
		}
	}
}
