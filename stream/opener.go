package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/internal/envelope"
	"github.com/sealstream/sealstream/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// IdentityKeys is implemented by Keys that also hold identities, such as
// [keyset.Keyring]; [As] needs it.
type IdentityKeys interface {
	Identity(ctx context.Context, id string) (*keyset.Identity, error)
}

// opener opens and authenticates the payloads of one read: the stream
// keyset for "all" mode and for the tags of recipient envelopes, the
// reader's identity and the trusted writers' signatures for recipient
// modes. Keys are fetched on first need.
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

// open authenticates envelope env, whose AD is ad, and returns its
// plaintext. A recipient envelope is authenticated before the reader's
// access is checked, so an unreadable event is still a genuine one.
func (o *opener) open(ctx context.Context, env, ad []byte) ([]byte, error) {
	mode, err := envelope.Mode(env)
	if err != nil {
		return nil, err
	}
	switch mode {
	case envelope.ModeOne, envelope.ModeMany:
		if err := o.authenticate(ctx, env, ad); err != nil {
			return nil, err
		}
		if o.id == nil {
			return nil, fmt.Errorf("sealed to recipients, read without an identity: %w", sealstream.ErrNoAccess)
		}
		return envelope.OpenAs(o.id, env, ad)
	case envelope.ModePlain:
		if o.h.store.cfg.Keys != nil {
			return nil, fmt.Errorf("plaintext envelope in an encrypted store: %w", sealstream.ErrDecrypt)
		}
		return bytes.Clone(env[2:]), nil
	}
	var pt []byte
	err = o.withStreamKey(ctx, func(a tink.AEAD) (err error) {
		pt, err = envelope.Open(a, env, ad, false)
		return err
	})
	return pt, err
}

// authenticate checks a recipient envelope: by its tag when the reader
// holds the stream keys, else (no keys, or keys forgotten: recipients keep
// their access to what was sealed to them) by the signature of a trusted
// writer.
func (o *opener) authenticate(ctx context.Context, env, ad []byte) error {
	err := o.withStreamKey(ctx, func(a tink.AEAD) error { return envelope.CheckTag(a, env, ad) })
	if !errors.Is(err, sealstream.ErrNoKey) && !errors.Is(err, sealstream.ErrShredded) {
		return err
	}
	writer, err := envelope.Writer(env)
	if err != nil {
		return err
	}
	ver, ok := o.h.store.trusted[writer]
	if !ok {
		return fmt.Errorf("written by %q, not a trusted writer (Config.Trust), and no stream keys to check it: %w", writer, sealstream.ErrIntegrity)
	}
	return envelope.CheckSignature(ver, env, ad)
}

// withStreamKey runs use with the stream's AEAD, fetching it on first
// need. When use fails to authenticate, the keys are fetched once more
// and use retried: another keyring may have rotated them since (the record
// is newer than our copy), or destroyed them.
func (o *opener) withStreamKey(ctx context.Context, use func(tink.AEAD) error) error {
	if !o.fetched {
		o.aead, o.aeadErr, o.fetched = nil, nil, true
		if o.h.store.cfg.Keys == nil {
			o.aeadErr = sealstream.ErrNoKey
		} else {
			o.aead, o.aeadErr = o.h.aead(ctx, false)
		}
	}
	if o.aeadErr != nil {
		return o.aeadErr
	}
	err := use(o.aead)
	if errors.Is(err, sealstream.ErrDecrypt) && !o.retried {
		o.retried = true
		if o.aead, o.aeadErr = o.h.aead(ctx, false); o.aeadErr != nil {
			return o.aeadErr
		}
		err = use(o.aead)
	}
	return err
}

// skippable reports whether err may be skipped by SkipUnreadable.
func skippable(err error) bool { return errors.Is(err, sealstream.ErrNoAccess) }
