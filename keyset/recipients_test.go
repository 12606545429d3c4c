package keyset_test

import (
	"bytes"
	"errors"
	"slices"
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

func TestSealToOpenAs(t *testing.T) {
	is, rs := identities(t, "alice", "bob", "carol")
	ad, payload := []byte("stream|version|id|type"), []byte("the payload")
	for n := 1; n <= 2; n++ {
		env, err := sskeyset.SealTo(rs[:n], payload, ad)
		if err != nil {
			t.Fatal(err)
		}
		if want := []byte{sskeyset.EnvelopeVersion, map[int]byte{1: sskeyset.ModeOne, 2: sskeyset.ModeMany}[n]}; !bytes.Equal(env[:2], want) {
			t.Fatalf("%d recipients: header % x, want % x", n, env[:2], want)
		}
		for i := range n {
			if got, err := sskeyset.OpenAs(is[i], env, ad); err != nil || !bytes.Equal(got, payload) {
				t.Fatalf("%s opens %q, %v", is[i].ID(), got, err)
			}
		}
		if _, err := sskeyset.OpenAs(is[2], env, ad); !errors.Is(err, sealstream.ErrNoAccess) {
			t.Fatalf("outsider opens: %v, want ErrNoAccess", err)
		}
		if _, err := sskeyset.OpenAs(is[0], env, []byte("other place")); !errors.Is(err, sealstream.ErrDecrypt) {
			t.Fatalf("open with other AD: %v, want ErrDecrypt", err)
		}
		if ids, err := sskeyset.Recipients(env); err != nil || !slices.Equal(ids, []string{"alice", "bob"}[:n]) {
			t.Fatalf("Recipients = %v, %v", ids, err)
		}
	}
	env, _ := sskeyset.SealTo(rs[:2], payload, ad)
	// Every byte of the envelope is authenticated: flip each, for alice.
	for i := range env {
		bad := bytes.Clone(env)
		bad[i] ^= 0x01
		if got, err := sskeyset.OpenAs(is[0], bad, ad); err == nil {
			t.Fatalf("byte %d flipped: opened %q", i, got)
		}
	}
	// A slot presented under another ID fails.
	swapped := bytes.Replace(env, []byte("bob"), []byte("ali"), 1)
	if _, err := sskeyset.OpenAs(is[0], swapped, ad); err == nil {
		t.Fatal("renamed slot opened")
	}
	for _, bad := range [][]sskeyset.Recipient{nil, {rs[0], rs[0]}, {{}}} {
		if _, err := sskeyset.SealTo(bad, payload, ad); !errors.Is(err, sealstream.ErrInvalidEvent) {
			t.Fatalf("SealTo(%d bad recipients) = %v", len(bad), err)
		}
	}
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
	env, err := sskeyset.SealTo([]sskeyset.Recipient{r}, []byte("hi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := sskeyset.OpenAs(is[0], env, nil); err != nil || string(got) != "hi" {
		t.Fatalf("open after import = %q, %v", got, err)
	}
	// Secret key material is refused on import.
	secret := bytes.NewBuffer(codec.AppendLV([]byte("SSR1"), []byte("alice")))
	if err := insecurecleartextkeyset.Write(sskeyset.PrivateOf(is[0]), tinkkeyset.NewBinaryWriter(secret)); err != nil {
		t.Fatal(err)
	}
	withSecret := secret.Bytes()
	for _, in := range [][]byte{nil, []byte("SSR1"), b[:len(b)-3], withSecret, append([]byte("XXXX"), b[4:]...)} {
		if _, err := sskeyset.ParseRecipient(in); !errors.Is(err, sealstream.ErrCorrupt) {
			t.Fatalf("ParseRecipient(% x…) = %v, want ErrCorrupt", in[:min(len(in), 8)], err)
		}
	}
}
