package stream_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// TESTING.md row 12: the failure paths run with a sentinel plaintext and a
// sentinel master key; neither appears in any error.
func TestErrorsNeverLeakSecrets(t *testing.T) {
	plain := []byte("SENTINEL-PLAINTEXT-0123456789abcdef")
	key := []byte("SENTINEL-KEY-SENTINEL-KEY-012345")
	forms := func(b []byte) []string {
		return []string{string(b), hex.EncodeToString(b), base64.StdEncoding.EncodeToString(b), fmt.Sprint(b), "SENTINEL"}
	}
	kek, err := subtle.NewAESGCM(key)
	if err != nil {
		t.Fatal(err)
	}
	ring := keyset.New(keyset.NewMemStore(), keyset.MasterKey(kek))
	_, rs := people(t, "bob")
	a := &tamper{Adapter: mem.New(), edit: func(r codec.Record) codec.Record { return r }}
	opener := func(context.Context, string) (adapter.Adapter, error) { return a, nil }
	st := newStore(t, stream.Config{Keys: ring, Opener: opener, MaxEventSize: 16})
	s := openCount(t, st, "u")
	ctx := context.Background()
	var errs []error
	note := func(_ any, err error) { errs = append(errs, err) }
	note(s.Append(ctx, []sealstream.Event{{Type: "T", Data: plain}}))
	note(s.Append(ctx, []sealstream.Event{{Data: plain[:8]}}))
	note(s.Append(ctx, []sealstream.Event{{Type: "T", ID: "x\n", Data: plain[:8]}}))
	note(s.Append(ctx, []sealstream.Event{{Type: "T", Data: plain[:16]}}, stream.To(rs["bob"])))
	note(s.Append(ctx, []sealstream.Event{{Type: "T", Data: plain[:16]}}))
	note(s.Append(ctx, []sealstream.Event{{Type: "T", ID: "dup", Data: plain[:16]}}))
	note(s.Append(ctx, []sealstream.Event{{Type: "T", ID: "dup", Data: plain[1:17]}}))
	note(s.State(ctx, stream.As("bob"), stream.RequireAccess()))
	note(s.State(ctx, stream.RequireAccess()))
	a.edit = func(r codec.Record) codec.Record { r.Payload = flipLast(r.Payload); return r }
	note(s.State(ctx))
	other := openCount(t, newStore(t, stream.Config{Opener: opener}), "u")
	a.edit = func(r codec.Record) codec.Record { return r }
	note(other.State(ctx))
	note(nil, ring.Forget(ctx, "u"))
	note(s.State(ctx))
	n := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		n++
		for _, f := range append(forms(plain), forms(key)...) {
			if strings.Contains(err.Error(), f) {
				t.Errorf("error %q contains a secret", err)
			}
		}
	}
	if n < 9 {
		t.Fatalf("only %d failure paths failed; the test lost its teeth", n)
	}
}

func flipLast(b []byte) []byte {
	b = bytes.Clone(b)
	b[len(b)-1] ^= 0x80
	return b
}
