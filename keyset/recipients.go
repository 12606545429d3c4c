package keyset

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"github.com/tink-crypto/tink-go/v2/aead/subtle"
)

// Modes of envelopes sealed to recipients.
const (
	ModeOne  byte = 2 // one recipient
	ModeMany byte = 3 // several recipients
)

// MaxRecipients bounds the recipient table of one envelope.
const MaxRecipients = 1024

const domainWrap = "sealstream/v1/wrap"

// SealTo returns the envelope of payload sealed to recipients. A fresh
// 32-byte data key seals the payload once with AES-256-GCM; the data key is
// wrapped for each recipient with HPKE, the wrap bound to ad (stream,
// version, event, …), the mode and the recipient's ID. The header (version,
// mode, recipient table) is part of the payload's associated data, so
// editing any slot breaks every recipient's open.
//
//	envelope = version | mode | uvarint(n) | n × (LV(recipient ID) | LV(wrap)) | nonce | ciphertext | tag
func SealTo(recipients []Recipient, payload, ad []byte) ([]byte, error) {
	n := len(recipients)
	if n == 0 || n > MaxRecipients {
		return nil, fmt.Errorf("keyset: %d recipients, want 1 to %d: %w", n, MaxRecipients, sealstream.ErrInvalidEvent)
	}
	mode := ModeMany
	if n == 1 {
		mode = ModeOne
	}
	dek := make([]byte, 32)
	defer clear(dek)
	_, _ = rand.Read(dek) // crypto/rand.Read never fails
	hdr := binary.AppendUvarint([]byte{EnvelopeVersion, mode}, uint64(n))
	seen := make(map[string]bool, n)
	for _, r := range recipients {
		if r.enc == nil || seen[r.id] {
			return nil, fmt.Errorf("keyset: recipient %q is zero or repeated: %w", r.id, sealstream.ErrInvalidEvent)
		}
		seen[r.id] = true
		w, err := r.enc.Encrypt(dek, wrapInfo(ad, mode, r.id))
		if err != nil {
			return nil, fmt.Errorf("keyset: wrap for %q: %w", r.id, err)
		}
		hdr = codec.AppendLV(codec.AppendLV(hdr, []byte(r.id)), w)
	}
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, fmt.Errorf("keyset: data key: %w", err)
	}
	ct, err := a.Encrypt(payload, codec.AppendLV(ad, hdr))
	if err != nil {
		return nil, fmt.Errorf("keyset: seal: %w", err)
	}
	return append(hdr, ct...), nil
}

// OpenAs returns the payload of an envelope sealed by SealTo, opened by id.
// It returns an error matching [sealstream.ErrNoAccess] when id is not a
// recipient, and [sealstream.ErrDecrypt] when the envelope, its header or
// its associated data were altered.
func OpenAs(id *Identity, env, ad []byte) ([]byte, error) {
	mode, slots, body, err := parseRecipients(env)
	if err != nil {
		return nil, err
	}
	wrap, ok := slots[id.id]
	if !ok {
		return nil, fmt.Errorf("keyset: %q is not a recipient: %w", id.id, sealstream.ErrNoAccess)
	}
	dek, err := id.dec.Decrypt(wrap, wrapInfo(ad, mode, id.id))
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	defer clear(dek)
	a, err := subtle.NewAESGCM(dek)
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	pt, err := a.Decrypt(body, codec.AppendLV(ad, env[:len(env)-len(body)]))
	if err != nil {
		return nil, sealstream.ErrDecrypt
	}
	return pt, nil
}

// Recipients returns the sorted IDs of the recipients of envelope env.
func Recipients(env []byte) ([]string, error) {
	_, slots, _, err := parseRecipients(env)
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(slots)), nil
}

func parseRecipients(env []byte) (mode byte, slots map[string][]byte, body []byte, err error) {
	bad := fmt.Errorf("keyset: recipient envelope: %w", sealstream.ErrDecrypt)
	if mode, err = Mode(env); err != nil || (mode != ModeOne && mode != ModeMany) {
		return 0, nil, nil, bad
	}
	n, w := binary.Uvarint(env[2:])
	if w <= 0 || n == 0 || n > MaxRecipients || (mode == ModeOne) != (n == 1) {
		return 0, nil, nil, bad
	}
	rest := env[2+w:]
	slots = make(map[string][]byte, n)
	for range n {
		var id, wrap []byte
		var ok bool
		if id, rest, ok = cutLV(rest); !ok {
			return 0, nil, nil, bad
		}
		if wrap, rest, ok = cutLV(rest); !ok || slots[string(id)] != nil {
			return 0, nil, nil, bad
		}
		slots[string(id)] = wrap
	}
	return mode, slots, rest, nil
}

// cutLV splits b into a length-prefixed field and the rest.
func cutLV(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}

func wrapInfo(ad []byte, mode byte, recipientID string) []byte {
	info := codec.AppendLV(nil, []byte(domainWrap))
	info = codec.AppendLV(info, ad)
	info = append(info, mode)
	return codec.AppendLV(info, []byte(recipientID))
}
