package attack_test

import (
	"context"
	"testing"

	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead"
	tinkkeyset "github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// forged marks the plaintext of every payload an attacker makes, so that
// a read path that accepts one is seen at once.
const forged = "FORGED: pay mallory"

// attacker holds the keys a keyless attacker makes for itself: a stream
// AEAD of its own and an identity, whose ID may claim to be someone
// else's.
type attacker struct {
	aead tink.AEAD
	id   *keyset.Identity
}

func newAttacker(t *testing.T, claimedID string) attacker {
	t.Helper()
	h, err := tinkkeyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	a, err := aead.New(h)
	if err != nil {
		t.Fatal(err)
	}
	return attacker{aead: a, id: identity(t, claimedID)}
}

// sealTo replaces r's payload with an envelope of plaintext sealed to
// recipients with the attacker's keys, bound to r as it stands (set its
// Prev first).
func (a attacker) sealTo(t *testing.T, streamID string, r *codec.Record, plaintext string, to ...keyset.Recipient) {
	t.Helper()
	env, err := envelope.SealTo(to, a.aead, a.id, []byte(plaintext), codec.AD(nil, streamID, r))
	if err != nil {
		t.Fatal(err)
	}
	r.Payload = env
}

// rechain makes the keyless hash chain hold again from recs[from] on: each
// record gets its predecessor's hash, then edit (if not nil) may re-seal
// it at its new place.
func rechain(streamID string, recs []codec.Record, from int, edit func(i int, r *codec.Record)) {
	for i := max(from, 0); i < len(recs); i++ {
		recs[i].Prev = nil
		if i > 0 {
			recs[i].Prev = codec.Hash(streamID, &recs[i-1])
		}
		if edit != nil {
			edit(i, &recs[i])
		}
	}
}

func identity(t *testing.T, id string) *keyset.Identity {
	t.Helper()
	i, err := keyset.NewIdentity(id)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func recipient(t *testing.T, i *keyset.Identity) keyset.Recipient {
	t.Helper()
	r, err := i.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// exported is what anyone may hold of identity i: its public export, as
// parsed from the bytes.
func exported(t *testing.T, i *keyset.Identity) keyset.Recipient {
	t.Helper()
	b, err := recipient(t, i).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r, err := keyset.ParseRecipient(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// keyHolder returns an "attacker" holding the real keys: the stream's AEAD
// and the writer identity. Whatever it writes is genuine, so a test that
// rewrites a stream with it shows that its rewriting is sound, and that
// only the keys tell the real attacker apart.
func keyHolder(t *testing.T, loc *location, streamID string, writer *keyset.Identity) attacker {
	t.Helper()
	a, err := loc.ring().LoadStreamAEAD(context.Background(), streamID)
	if err != nil {
		t.Fatal(err)
	}
	return attacker{aead: a, id: writer}
}

// seal replaces r's payload with an "all"-mode envelope of plaintext under
// the attacker's stream AEAD, bound to r as it stands.
func (a attacker) seal(t *testing.T, streamID string, r *codec.Record, plaintext string) {
	t.Helper()
	env, err := envelope.Seal(a.aead, []byte(plaintext), codec.AD(nil, streamID, r))
	if err != nil {
		t.Fatal(err)
	}
	r.Payload = env
}
