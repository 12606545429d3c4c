package stream

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
	"golang.org/x/mod/sumdb/note"
)

const checkpointHeader = "sealstream checkpoint v1"

// Checkpoint returns a portable, signed statement of the stream's head:
// its ID, its version and the hash of its last record, as a C2SP signed
// note (text, as Go's checksum database signs its tree heads), signed
// under the stream's keys and by Config.Writer when set. Keep it; later,
// [Stream.Verify] with [Extends] proves that the stream still extends it,
// which exposes truncation, rollback and forks that the log alone cannot
// show. It fails with [sealstream.ErrNoKey] when there is nothing to sign
// with, and authenticates the head first.
func (s *Stream[S]) Checkpoint(ctx context.Context) ([]byte, error) {
	if err := s.check("checkpoint"); err != nil {
		return nil, err
	}
	cp, err := s.h.checkpoint(ctx)
	return cp, wrap(s.h.id, "checkpoint", err)
}

func (h *handle) checkpoint(ctx context.Context) ([]byte, error) {
	hd, err := h.log().Head(ctx)
	if err != nil {
		return nil, err
	}
	var hash []byte
	if hd.Version > 0 {
		if err := h.authentic(ctx, &hd.Last); err != nil {
			return nil, err
		}
		hash = codec.Hash(h.id, &hd.Last)
	}
	var signers []note.Signer
	if a, err := h.aead(ctx, false); err == nil && a != nil {
		signers = append(signers, streamNoteKey(a))
	}
	if w := h.store.cfg.Writer; w != nil {
		signers = append(signers, writerNoteKey(w.ID(), w.Signer(), nil))
	}
	if len(signers) == 0 {
		return nil, fmt.Errorf("no stream keys and no Config.Writer to sign with: %w", sealstream.ErrNoKey)
	}
	text := fmt.Sprintf("%s\n%s\n%d\n%s\n", checkpointHeader,
		base64.RawURLEncoding.EncodeToString([]byte(h.id)), hd.Version, base64.StdEncoding.EncodeToString(hash))
	return note.Sign(&note.Note{Text: text}, signers...)
}

// pin is a checkpoint's (version, hash), checked by a cursor as it walks.
type pin struct {
	version uint64
	hash    []byte
	seen    bool   // the walk reached version
	match   bool   // and the record there hashed to hash
	walked  uint64 // the last version the walk verified
}

// note records that the record at version v hashes to hash.
func (p *pin) note(v uint64, hash []byte) {
	p.walked = v
	if v == p.version {
		p.seen, p.match = true, bytes.Equal(hash, p.hash)
	}
}

// openCheckpoint checks the signatures of checkpoint cp, which must be
// this stream's, with the stream's keys and the trusted writers.
func (h *handle) openCheckpoint(ctx context.Context, cp []byte) (*pin, error) {
	var vs []note.Verifier
	if a, err := h.aead(ctx, false); err == nil && a != nil {
		vs = append(vs, streamNoteKey(a))
	}
	for id, v := range h.store.trusted {
		vs = append(vs, writerNoteKey(id, nil, v))
	}
	n, err := note.Open(cp, note.VerifierList(vs...))
	var unverified *note.UnverifiedNoteError
	switch {
	case errors.As(err, &unverified):
		return nil, fmt.Errorf("checkpoint signed by no key this store holds or trusts: %w", sealstream.ErrIntegrity)
	case err != nil:
		return nil, fmt.Errorf("checkpoint: %v: %w", err, sealstream.ErrIntegrity)
	}
	lines := strings.Split(n.Text, "\n")
	bad := fmt.Errorf("checkpoint text is malformed: %w", sealstream.ErrIntegrity)
	if len(lines) != 5 || lines[0] != checkpointHeader || lines[4] != "" {
		return nil, bad
	}
	id, err1 := base64.RawURLEncoding.DecodeString(lines[1])
	v, err2 := strconv.ParseUint(lines[2], 10, 64)
	hash, err3 := base64.StdEncoding.DecodeString(lines[3])
	switch {
	case err1 != nil || err2 != nil || err3 != nil:
		return nil, bad
	case !bytes.Equal(id, []byte(h.id)):
		return nil, fmt.Errorf("checkpoint of stream %q, not of this one: %w", id, sealstream.ErrIntegrity)
	}
	return &pin{version: v, hash: hash, seen: v == 0, match: v == 0}, nil
}

// check reports how the stream compares with the pinned checkpoint after
// a walk to its head.
func (p *pin) check() error {
	switch {
	case !p.seen:
		return fmt.Errorf("the stream holds %d events, fewer than the %d of a checkpoint: truncated or rolled back: %w", p.walked, p.version, sealstream.ErrIntegrity)
	case !p.match:
		return fmt.Errorf("version %d differs from a checkpoint's: the stream was rewritten or forked: %w", p.version, sealstream.ErrIntegrity)
	}
	return nil
}
