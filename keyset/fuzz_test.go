package keyset_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/sealstream/sealstream"
	sskeyset "github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
)

var fuzzAD = []byte("stream|version|id|type|metadata")

// FuzzOpenEnvelope: opening arbitrary envelope bytes, in every mode, never
// panics, fails with a named error, and succeeds only on authentic input,
// which then yields the original payload.
func FuzzOpenEnvelope(f *testing.F) {
	payload := []byte("fuzz payload")
	is, rs := identities(f, "alice", "bob")
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		f.Fatal(err)
	}
	a, _ := aead.New(h)
	for _, seal := range []func() ([]byte, error){
		func() ([]byte, error) { return sskeyset.Seal(a, payload, bytes.Clone(fuzzAD)) },
		func() ([]byte, error) { return sskeyset.SealTo(rs[:1], payload, bytes.Clone(fuzzAD)) },
		func() ([]byte, error) { return sskeyset.SealTo(rs, payload, bytes.Clone(fuzzAD)) },
	} {
		env, err := seal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(env)
	}
	f.Add(sskeyset.Plain(payload))
	f.Add([]byte{1, 3, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, env []byte) {
		named := func(err error) bool {
			return errors.Is(err, sealstream.ErrDecrypt) || errors.Is(err, sealstream.ErrNoAccess) || errors.Is(err, sealstream.ErrNoKey)
		}
		check := func(what string, pt []byte, err error) {
			if err == nil && !bytes.Equal(pt, payload) {
				t.Fatalf("%s accepted a forged envelope: %q", what, pt)
			}
			if err != nil && !named(err) {
				t.Fatalf("%s: unnamed error %v", what, err)
			}
		}
		pt, err := sskeyset.Open(a, env, bytes.Clone(fuzzAD), false)
		check("Open", pt, err)
		pt, err = sskeyset.OpenAs(is[1], env, bytes.Clone(fuzzAD))
		check("OpenAs", pt, err)
		_, _ = sskeyset.Recipients(env)
	})
}

// FuzzContainer: reading arbitrary keyset containers never panics and
// fails with ErrCorrupt or ErrWrongKey; passphrase parameters are parsed
// without deriving anything.
func FuzzContainer(f *testing.F) {
	kek, err := subtle.NewAESGCM(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		f.Fatal(err)
	}
	prot := sskeyset.MasterKey(kek)
	h, _ := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	blob, err := prot.Seal(h, "stream/x")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(blob)
	params := sskeyset.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	pblob, err := sskeyset.Passphrase([]byte("pw"), params).Seal(h, "stream/x")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pblob)
	f.Fuzz(func(t *testing.T, in []byte) {
		kind, ps, _, _, err := sskeyset.ParseHeader(in)
		if err == nil && kind == sskeyset.KindPassphrase {
			_, _, _ = sskeyset.DecodeArgon2(ps)
		}
		got, err := prot.Open(in, "stream/x")
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) && !errors.Is(err, sealstream.ErrWrongKey) {
				t.Fatalf("unnamed error %v", err)
			}
			return
		}
		if got == nil || !bytes.HasPrefix(in, blob[:8]) {
			t.Fatalf("accepted a container that is not the sealed one")
		}
	})
}
