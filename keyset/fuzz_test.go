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

// FuzzContainer: reading arbitrary keyset containers never panics and
// fails with ErrCorrupt, ErrWrongKey or (an older format) ErrFormat;
// passphrase parameters are parsed
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
			if !errors.Is(err, sealstream.ErrCorrupt) && !errors.Is(err, sealstream.ErrWrongKey) && !errors.Is(err, sealstream.ErrFormat) {
				t.Fatalf("unnamed error %v", err)
			}
			return
		}
		// Only a master-key container opens under prot. Compare headers, not
		// bytes: each fuzz worker seals its own blob, with its own key and IV.
		if _, _, hdr, _, perr := sskeyset.ParseHeader(blob); got == nil || perr != nil || !bytes.HasPrefix(in, hdr) {
			t.Fatalf("accepted a container that is not a master-key container")
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
	var priv bytes.Buffer
	if err := insecurecleartextkeyset.Write(sskeyset.PrivateOf(is[0]), tinkkeyset.NewBinaryWriter(&priv)); err != nil {
		f.Fatal(err)
	}
	secret := codec.AppendLV(codec.AppendLV([]byte("SSR2"), []byte("alice")), priv.Bytes())
	idLen := len("SSR2") + 1 + len("alice")
	for _, seed := range [][]byte{export, export2, secret, export[:len(export)-3],
		append(codec.AppendLV([]byte("SSR2"), bytes.Repeat([]byte{'a'}, 129)), export[idLen:]...),
		binary.AppendUvarint([]byte("SSR2"), 1<<62),
		append(bytes.Clone(export[:idLen]), bytes.Repeat([]byte{0x12, 0}, 512)...)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var r sskeyset.Recipient
		var err error
		checkAlloc(t, "ParseRecipient", in, func() { r, err = sskeyset.ParseRecipient(in) })
		if err != nil {
			if !errors.Is(err, sealstream.ErrCorrupt) && !errors.Is(err, sealstream.ErrFormat) {
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

// publicOnly fails t unless every key of the recipient export b is a
// public key of its part (HPKE, then Ed25519): no secret material, under
// whatever label.
func publicOnly(t *testing.T, b []byte) {
	t.Helper()
	n, w := binary.Uvarint(b[len("SSR2"):])
	rest := b[len("SSR2")+w+int(n):]
	m, w := binary.Uvarint(rest)
	parts := map[string][]byte{
		"type.googleapis.com/google.crypto.tink.HpkePublicKey":    rest[w : w+int(m)],
		"type.googleapis.com/google.crypto.tink.Ed25519PublicKey": rest[w+int(m):],
	}
	for url, part := range parts {
		ks, err := tinkkeyset.NewBinaryReader(bytes.NewReader(part)).Read()
		if err != nil {
			t.Fatalf("accepted recipient holds no keyset: %v", err)
		}
		for _, k := range ks.GetKey() {
			if d := k.GetKeyData(); d.GetKeyMaterialType() != tinkpb.KeyData_ASYMMETRIC_PUBLIC || d.GetTypeUrl() != url {
				t.Fatalf("accepted recipient holds key %d of type %q, material %v", k.GetKeyId(), d.GetTypeUrl(), d.GetKeyMaterialType())
			}
		}
	}
}
