package envelope_test

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
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
		func() ([]byte, error) { return envelope.Seal(a, payload, bytes.Clone(fuzzAD)) },
		func() ([]byte, error) { return envelope.SealTo(rs[:1], a, is[0], payload, bytes.Clone(fuzzAD)) },
		func() ([]byte, error) { return envelope.SealTo(rs, a, is[0], payload, bytes.Clone(fuzzAD)) },
	} {
		env, err := seal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(env)
	}
	f.Add(envelope.Plain(payload))
	f.Add([]byte{2, 3, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, env []byte) {
		named := func(err error) bool {
			return errors.Is(err, sealstream.ErrDecrypt) || errors.Is(err, sealstream.ErrNoAccess) || errors.Is(err, sealstream.ErrNoKey) || errors.Is(err, sealstream.ErrFormat)
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
		checkAlloc(t, "Open", env, func() { pt, err = envelope.Open(a, env, bytes.Clone(fuzzAD), false) })
		check("Open", pt, err)
		checkAlloc(t, "OpenAs", env, func() { pt, err = envelope.OpenAs(is[1], env, bytes.Clone(fuzzAD)) })
		check("OpenAs", pt, err)
		checkAlloc(t, "Recipients", env, func() { _, _ = envelope.Recipients(env) })
		checkAlloc(t, "CheckTag", env, func() { err = envelope.CheckTag(a, env, bytes.Clone(fuzzAD)) })
		if err != nil && !named(err) {
			t.Fatalf("CheckTag: unnamed error %v", err)
		}
	})
}
