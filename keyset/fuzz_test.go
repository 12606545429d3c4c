package keyset_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	sskeyset "github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

var fuzzAD = []byte("stream|version|id|type|metadata")

// checkAlloc fails t when decode allocates more than 64 bytes per input
// byte plus 1 MiB: protobuf decoding of a keyset of empty keys allocates
// up to about 57 bytes per input byte, and opening a key or an envelope
// allocates a bounded amount besides.
func checkAlloc(t *testing.T, what string, in []byte, decode func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	decode()
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, 64*uint64(len(in))+1<<20; got > limit {
		t.Fatalf("%s: decoding %d bytes allocated %d bytes, over the %d bound", what, len(in), got, limit)
	}
}

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
		var pt []byte
		var err error
		checkAlloc(t, "Open", env, func() { pt, err = sskeyset.Open(a, env, bytes.Clone(fuzzAD), false) })
		check("Open", pt, err)
		checkAlloc(t, "OpenAs", env, func() { pt, err = sskeyset.OpenAs(is[1], env, bytes.Clone(fuzzAD)) })
		check("OpenAs", pt, err)
		checkAlloc(t, "Recipients", env, func() { _, _ = sskeyset.Recipients(env) })
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
		var got *tinkkeyset.Handle
		var err error
		checkAlloc(t, "container", in, func() {
			if kind, ps, _, _, perr := sskeyset.ParseHeader(in); perr == nil && kind == sskeyset.KindPassphrase {
				_, _, _ = sskeyset.DecodeArgon2(ps)
			}
			got, err = prot.Open(in, "stream/x")
		})
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

// FuzzParseRecipient: ParseRecipient never panics and refuses with
// ErrCorrupt; what it accepts holds HPKE public keys only, never secret
// key material, and exports to bytes that parse back to the same recipient.
func FuzzParseRecipient(f *testing.F) {
	is, rs := identities(f, "alice")
	rotated, err := is[0].Rotated()
	if err != nil {
		f.Fatal(err)
	}
	rr, err := rotated.Recipient()
	if err != nil {
		f.Fatal(err)
	}
	export, _ := rs[0].MarshalBinary()
	export2, _ := rr.MarshalBinary()
	secret := bytes.NewBuffer(codec.AppendLV([]byte("SSR1"), []byte("alice")))
	if err := insecurecleartextkeyset.Write(sskeyset.PrivateOf(is[0]), tinkkeyset.NewBinaryWriter(secret)); err != nil {
		f.Fatal(err)
	}
	idLen := len("SSR1") + 1 + len("alice")
	for _, seed := range [][]byte{export, export2, secret.Bytes(), export[:len(export)-3],
		append(codec.AppendLV([]byte("SSR1"), bytes.Repeat([]byte{'a'}, 129)), export[idLen:]...),
		binary.AppendUvarint([]byte("SSR1"), 1<<62),
		append(bytes.Clone(export[:idLen]), bytes.Repeat([]byte{0x12, 0}, 512)...)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var r sskeyset.Recipient
		var err error
		checkAlloc(t, "ParseRecipient", in, func() { r, err = sskeyset.ParseRecipient(in) })
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) {
				t.Fatalf("unnamed error %v", err)
			}
			return
		}
		out, err := r.MarshalBinary()
		if err != nil {
			t.Fatalf("accepted recipient does not export: %v", err)
		}
		back, err := sskeyset.ParseRecipient(out)
		if err != nil || back.ID() != r.ID() {
			t.Fatalf("export of recipient %q parses as %q, %v", r.ID(), back.ID(), err)
		}
		if again, err := back.MarshalBinary(); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("export of recipient %q changes on a round trip", r.ID())
		}
		publicOnly(t, in)
		publicOnly(t, out)
	})
}

// publicOnly fails t unless every key of the recipient export b is an
// HPKE public key: no secret material, under whatever label.
func publicOnly(t *testing.T, b []byte) {
	t.Helper()
	n, w := binary.Uvarint(b[len("SSR1"):])
	ks, err := tinkkeyset.NewBinaryReader(bytes.NewReader(b[len("SSR1")+w+int(n):])).Read()
	if err != nil {
		t.Fatalf("accepted recipient holds no keyset: %v", err)
	}
	for _, k := range ks.GetKey() {
		if d := k.GetKeyData(); d.GetKeyMaterialType() != tinkpb.KeyData_ASYMMETRIC_PUBLIC ||
			d.GetTypeUrl() != "type.googleapis.com/google.crypto.tink.HpkePublicKey" {
			t.Fatalf("accepted recipient holds key %d of type %q, material %v", k.GetKeyId(), d.GetTypeUrl(), d.GetKeyMaterialType())
		}
	}
}
