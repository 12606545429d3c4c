package stream

import (
	"context"
	"errors"
	"fmt"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// authentic checks that r, a record of the stream, was written by a holder
// of the stream's keys or a trusted writer: through r, the hash chain then
// vouches for every record before it. Plaintext stores authenticate
// nothing. Keys that are gone (forgotten, lost) leave r unchecked: what
// needs them fails on its own with ErrShredded or ErrNoKey.
func (h *handle) authentic(ctx context.Context, r *codec.Record) error {
	if h.store.cfg.Keys == nil {
		return nil
	}
	o, err := h.opener(ctx, "")
	if err != nil {
		return err
	}
	_, err = o.open(ctx, r.Payload, codec.AD(nil, h.id, r))
	switch {
	case err == nil, skippable(err), errors.Is(err, sealstream.ErrShredded), errors.Is(err, sealstream.ErrNoKey):
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("version %d does not authenticate: %w", r.Version, err)
}
