package attack_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// reseal replaces the payload ciphertext of r, an event sealed to several
// recipients among whom me, with plaintext sealed under the event's data
// key, which me unwraps from its slot: what a recipient can do with the key
// it was given. The rest of the envelope (recipient table, writer,
// signature and tag) is kept as it is. The envelope format is public (see
// internal/envelope):
//
//	2 | mode | uvarint(n) | n × (LV(id) | LV(wrap)) | LV(writer) | LV(sig) | LV(tag) | ciphertext
//
// the data key is wrapped under LV("sealstream/v2/wrap") | LV(ad) | mode |
// LV(recipient ID), and the ciphertext sealed under ad | LV(core), core
// being everything before LV(sig).
func reseal(t *testing.T, streamID string, r *codec.Record, me *keyset.Identity, plaintext string) {
	t.Helper()
	env, ad := r.Payload, codec.AD(nil, streamID, r)
	n, w := binary.Uvarint(env[2:])
	rest := env[2+w:]
	var wrap []byte
	for range n {
		var id, slot []byte
		id, rest = cutLV(t, rest)
		if slot, rest = cutLV(t, rest); string(id) == me.ID() {
			wrap = slot
		}
	}
	_, rest = cutLV(t, rest) // writer
	core := env[:len(env)-len(rest)]
	_, rest = cutLV(t, rest) // signature
	_, rest = cutLV(t, rest) // tag
	head := env[:len(env)-len(rest)]

	info := codec.AppendLV(nil, []byte("sealstream/v2/wrap"))
	info = codec.AppendLV(append(codec.AppendLV(info, ad), env[1]), []byte(me.ID()))
	dek, err := me.Decrypter().Decrypt(wrap, info)
	if err != nil {
		t.Fatalf("unwrapping %s's data key: %v", me.ID(), err)
	}
	g, err := subtle.NewAESGCM(dek)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := g.Encrypt([]byte(plaintext), codec.AppendLV(bytes.Clone(ad), core))
	if err != nil {
		t.Fatal(err)
	}
	r.Payload = append(bytes.Clone(head), ct...)
}

func cutLV(t *testing.T, b []byte) (field, rest []byte) {
	t.Helper()
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		t.Fatal("malformed recipient envelope")
	}
	return b[w : w+int(n)], b[w+int(n):]
}
