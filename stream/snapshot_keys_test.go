package stream_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// snapSameKeys seals every stream with one AEAD, so that only the associated
// data tells streams apart.
type snapSameKeys struct{ a tink.AEAD }

func newSnapSameKeys(t *testing.T) snapSameKeys {
	a, err := subtle.NewAESGCM(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return snapSameKeys{a}
}

func (k snapSameKeys) StreamAEAD(context.Context, string) (tink.AEAD, error)     { return k.a, nil }
func (k snapSameKeys) LoadStreamAEAD(context.Context, string) (tink.AEAD, error) { return k.a, nil }

// snapIntCodec is a codec of its own for int states: the decimal text of
// the state plus one, so that it misreads what JSON wrote.
type snapIntCodec struct{}

func (snapIntCodec) Name() string { return "shifted" }

func (snapIntCodec) Encode(n int) ([]byte, error) { return fmt.Appendf(nil, "%d", n+1), nil }

func (snapIntCodec) Decode(b []byte) (int, error) {
	var n int
	_, err := fmt.Sscan(string(b), &n)
	return n - 1, err
}
