package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// IdentityKeys is implemented by Keys that also hold identities, such as
// [keyset.Keyring]; [As] needs it.
type IdentityKeys interface {
	Identity(ctx context.Context, id string) (*keyset.Identity, error)
}

// opener opens the payloads of one read: the stream keyset for "all" mode,
// the reader's identity for recipient modes. Keys are fetched on first need.
type opener struct {
	h       *handle
	as      string
	aead    tink.AEAD
	aeadErr error
	fetched bool
	retried bool // the keyset was fetched again once after a failure
	id      *keyset.Identity
}

func (h *handle) opener(ctx context.Context, as string) (*opener, error) {
	o := &opener{h: h, as: as}
	if as == "" {
		return o, nil
	}
	ik, ok := h.store.cfg.Keys.(IdentityKeys)
	if !ok {
		return nil, fmt.Errorf("reading as %q: the store's keys hold no identities: %w", as, sealstream.ErrNoKey)
	}
	id, err := ik.Identity(ctx, as)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("reading as %q: %w", as, err)
	}
	o.id = id
	return o, nil
}

// open returns the plaintext of envelope env whose AD is ad.
func (o *opener) open(ctx context.Context, env, ad []byte) ([]byte, error) {
	mode, err := keyset.Mode(env)
	if err != nil {
		return nil, err
	}
	switch mode {
	case keyset.ModeOne, keyset.ModeMany:
		if o.id == nil {
			return nil, fmt.Errorf("sealed to recipients, read without an identity: %w", sealstream.ErrNoAccess)
		}
		return keyset.OpenAs(o.id, env, ad)
	case keyset.ModePlain:
		if o.h.store.cfg.Keys != nil {
			return nil, fmt.Errorf("plaintext envelope in an encrypted store: %w", sealstream.ErrDecrypt)
		}
		return bytes.Clone(env[2:]), nil
	}
	if !o.fetched {
		o.aead, o.aeadErr, o.fetched = nil, nil, true
		if o.h.store.cfg.Keys == nil {
			o.aeadErr = sealstream.ErrNoKey
		} else {
			o.aead, o.aeadErr = o.h.aead(ctx, false)
		}
	}
	if o.aeadErr != nil {
		return nil, o.aeadErr
	}
	pt, err := keyset.Open(o.aead, env, ad, false)
	if errors.Is(err, sealstream.ErrDecrypt) && !o.retried {
		// Another keyring may have rotated the keyset since it was
		// fetched (the record is newer than our copy), or destroyed it.
		o.retried = true
		if o.aead, o.aeadErr = o.h.aead(ctx, false); o.aeadErr != nil {
			return nil, o.aeadErr
		}
		pt, err = keyset.Open(o.aead, env, ad, false)
	}
	return pt, err
}

// skippable reports whether err may be skipped by SkipUnreadable.
func skippable(err error) bool { return errors.Is(err, sealstream.ErrNoAccess) }
