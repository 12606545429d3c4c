package envelope_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/envelope"
	sskeyset "github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
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

func streamKey(t testing.TB) tink.AEAD {
	t.Helper()
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	a, err := aead.New(h)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSealToOpenAs(t *testing.T) {
	is, rs := identities(t, "alice", "bob", "carol")
	ad, payload := []byte("stream|version|id|type"), []byte("the payload")
	for n := 1; n <= 2; n++ {
		env, err := envelope.SealTo(rs[:n], streamKey(t), is[0], payload, ad)
		if err != nil {
			t.Fatal(err)
		}
		if want := []byte{envelope.Version, map[int]byte{1: envelope.ModeOne, 2: envelope.ModeMany}[n]}; !bytes.Equal(env[:2], want) {
			t.Fatalf("%d recipients: header % x, want % x", n, env[:2], want)
		}
		for i := range n {
			if got, err := envelope.OpenAs(is[i], env, ad); err != nil || !bytes.Equal(got, payload) {
				t.Fatalf("%s opens %q, %v", is[i].ID(), got, err)
			}
		}
		if _, err := envelope.OpenAs(is[2], env, ad); !errors.Is(err, sealstream.ErrNoAccess) {
			t.Fatalf("outsider opens: %v, want ErrNoAccess", err)
		}
		if _, err := envelope.OpenAs(is[0], env, []byte("other place")); !errors.Is(err, sealstream.ErrDecrypt) {
			t.Fatalf("open with other AD: %v, want ErrDecrypt", err)
		}
		if ids, err := envelope.Recipients(env); err != nil || !slices.Equal(ids, []string{"alice", "bob"}[:n]) {
			t.Fatalf("Recipients = %v, %v", ids, err)
		}
	}
	key := streamKey(t)
	env, _ := envelope.SealTo(rs[:2], key, is[0], payload, ad)
	// Every byte of the envelope is authenticated: flip each, for alice.
	ver := rs[0].Verifier()
	for i := range env {
		bad := bytes.Clone(env)
		bad[i] ^= 0x01
		if err := envelope.CheckTag(key, bad, ad); err == nil {
			t.Fatalf("byte %d flipped: the tag still authenticates", i)
		}
		if i < len(env)-len(payload)-28 {
			continue
		}
		if err := envelope.CheckSignature(ver, bad, ad); err == nil {
			t.Fatalf("byte %d of the sealed payload flipped: the signature still verifies", i)
		}
		if _, err := envelope.OpenAs(is[0], bad, ad); err == nil {
			t.Fatalf("byte %d of the sealed payload flipped: it still opens", i)
		}
	}
	if err := envelope.CheckSignature(ver, env, ad); err != nil {
		t.Fatalf("CheckSignature of the writer = %v", err)
	}
	if err := envelope.CheckSignature(rs[1].Verifier(), env, ad); !errors.Is(err, sealstream.ErrDecrypt) {
		t.Fatalf("CheckSignature of another identity = %v, want ErrDecrypt", err)
	}
	if err := envelope.CheckTag(streamKey(t), env, ad); !errors.Is(err, sealstream.ErrDecrypt) {
		t.Fatalf("CheckTag under another stream key = %v, want ErrDecrypt", err)
	}
	if w, err := envelope.Writer(env); err != nil || w != "alice" {
		t.Fatalf("Writer = %q, %v", w, err)
	}
	// A slot presented under another ID fails.
	swapped := bytes.Replace(env, []byte("bob"), []byte("ali"), 1)
	if _, err := envelope.OpenAs(is[0], swapped, ad); err == nil {
		t.Fatal("renamed slot opened")
	}
	for _, bad := range [][]sskeyset.Recipient{nil, {rs[0], rs[0]}, {{}}} {
		if _, err := envelope.SealTo(bad, streamKey(t), is[0], payload, ad); !errors.Is(err, sealstream.ErrInvalidEvent) {
			t.Fatalf("SealTo(%d bad recipients) = %v", len(bad), err)
		}
	}
}
