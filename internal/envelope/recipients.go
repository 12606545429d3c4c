package envelope

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// MaxRecipients bounds the recipient table of one envelope.
const MaxRecipients = 1024

const (
	domainWrap = "sealstream/v2/wrap"
	domainTag  = "tag"
	domainSig  = "sig"
)

// SealTo returns the envelope of payload sealed to recipients, bound to
// ad, tagged under the stream's AEAD and signed by writer.
func SealTo(recipients []keyset.Recipient, stream tink.AEAD, writer *keyset.Identity, payload, ad []byte) ([]byte, error) {
	n := len(recipients)
	switch {
	case n == 0 || n > MaxRecipients:
		return nil, fmt.Errorf("%d recipients, want 1 to %d: %w", n, MaxRecipients, sealstream.ErrInvalidEvent)
	case stream == nil || writer == nil:
		return nil, fmt.Errorf("sealing to recipients needs the stream keys and a writer identity: %w", sealstream.ErrNoKey)
	}
	mode := ModeMany
	if n == 1 {
		mode = ModeOne
	}
	dek := make([]byte, 32)
	defer clear(dek)
	_, _ = rand.Read(dek) // crypto/rand.Read never fails
	hdr := binary.AppendUvarint([]byte{Version, mode}, uint64(n))
	seen := make(map[string]bool, n)
	for _, r := range recipients {
		if r.Encrypter() == nil || seen[r.ID()] {
			return nil, fmt.Errorf("recipient %q is zero or repeated: %w", r.ID(), sealstream.ErrInvalidEvent)
		}
		seen[r.ID()] = true
		w, err := r.Encrypter().Encrypt(dek, wrapInfo(ad, mode, r.ID()))
		if err != nil {
			return nil, fmt.Errorf("wrap for %q: %w", r.ID(), err)
		}
		hdr = codec.AppendLV(codec.AppendLV(hdr, []byte(r.ID())), w)
	}
	core := codec.AppendLV(hdr, []byte(writer.ID()))
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	ct, err := a.Encrypt(payload, codec.AppendLV(ad, core))
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	sig, err := writer.Signer().Sign(sigData(ad, core, ct))
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	tag, err := stream.Encrypt(nil, tagAD(ad, core, sig, ct))
	if err != nil {
		return nil, fmt.Errorf("tag: %w", err)
	}
	return append(codec.AppendLV(codec.AppendLV(core, sig), tag), ct...), nil
}

// OpenAs returns the payload of a recipient envelope, opened by id. It
// does not authenticate the envelope's writer: call [CheckTag] or
// [CheckSignature] first. It returns an error matching
// [sealstream.ErrNoAccess] when id is not a recipient, and
// [sealstream.ErrDecrypt] when the envelope or its associated data were
// altered.
func OpenAs(id *keyset.Identity, env, ad []byte) ([]byte, error) {
	p, err := parse(env)
	if err != nil {
		return nil, err
	}
	wrap, ok := p.slots[id.ID()]
	if !ok {
		return nil, fmt.Errorf("%q is not a recipient: %w", id.ID(), sealstream.ErrNoAccess)
	}
	dek, err := id.Decrypter().Decrypt(wrap, wrapInfo(ad, p.mode, id.ID()))
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	defer clear(dek)
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	pt, err := a.Decrypt(p.ct, codec.AppendLV(ad, p.core))
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	return pt, nil
}

// CheckTag authenticates a recipient envelope under the stream's AEAD.
func CheckTag(stream tink.AEAD, env, ad []byte) error {
	p, err := parse(env)
	if err != nil {
		return err
	}
	if _, err := stream.Decrypt(p.tag, tagAD(ad, p.core, p.sig, p.ct)); err != nil {
		return fmt.Errorf("recipient envelope not tagged under the stream keys: %w", sealstream.ErrDecrypt)
	}
	return nil
}

// Writer returns the ID of the identity that signed a recipient envelope,
// as the envelope claims it: check it with [CheckSignature].
func Writer(env []byte) (string, error) {
	p, err := parse(env)
	if err != nil {
		return "", err
	}
	return p.writer, nil
}

// CheckSignature authenticates a recipient envelope as written by the
// identity whose signatures ver checks.
func CheckSignature(ver tink.Verifier, env, ad []byte) error {
	p, err := parse(env)
	if err != nil {
		return err
	}
	if err := ver.Verify(p.sig, sigData(ad, p.core, p.ct)); err != nil {
		return fmt.Errorf("signature of writer %q does not verify: %w", p.writer, sealstream.ErrDecrypt)
	}
	return nil
}

func wrapInfo(ad []byte, mode byte, recipientID string) []byte {
	info := codec.AppendLV(nil, []byte(domainWrap))
	info = codec.AppendLV(info, ad)
	info = append(info, mode)
	return codec.AppendLV(info, []byte(recipientID))
}

// tagAD binds the tag to the whole envelope but itself: the stream-key
// holder who checks it authenticates every other byte.
func tagAD(ad, core, sig, ct []byte) []byte {
	out := codec.AppendLV(append([]byte(nil), ad...), []byte(domainTag))
	out = codec.AppendLV(codec.AppendLV(out, core), sig)
	return append(out, ct...)
}

func sigData(ad, core, ct []byte) []byte {
	out := codec.AppendLV(nil, []byte(domainSig))
	out = codec.AppendLV(out, ad)
	return append(append(out, core...), ct...)
}
