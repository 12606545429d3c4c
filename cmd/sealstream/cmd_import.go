package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/mem"
	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

func (a *app) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import a stream archive made by export, after checking all of it",
		Long: "import checks the archive's form, its records' hash chain, its signed\n" +
			"checkpoint and every record's authentication under the store's keys for the\n" +
			"stream, before it writes anything. Importing again is no change; a stream\n" +
			"that already holds other events is refused.",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("open the archive: %w", err)
			}
			ar, err := readArchive(f)
			_ = f.Close()
			if err != nil {
				return err
			}
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			if err := a.stage(ctx, st, ar); err != nil {
				return err
			}
			n, err := a.write(ctx, ar)
			if err != nil {
				return err
			}
			s, err := stream.Open(ctx, st, ar.stream, fold.Count(), 0)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Verify(ctx, stream.Extends(ar.checkpoint)); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: imported %d events, version %d\n", ar.stream, n, ar.version)
			return nil
		},
	}
}

// stage authenticates the archive in memory, under the store's keys and
// trusted writers: every record and the checkpoint.
func (a *app) stage(ctx context.Context, st *stream.Store, ar *archive) error {
	trust, err := trusted(a.dir)
	if err != nil {
		return err
	}
	switch _, err := st.Keys().LoadStreamAEAD(ctx, ar.stream); {
	case err == nil, errors.Is(err, sealstream.ErrNoKey) && signedByTrusted(ar.checkpoint, trust):
	case errors.Is(err, sealstream.ErrNoKey):
		return fmt.Errorf("the store holds no keys for stream %q, and no writer it trusts signed the archive: import it into the store that has them, or trust its writer: %w", ar.stream, err)
	default:
		return fmt.Errorf("the keys of stream %q: %w", ar.stream, err)
	}
	m := mem.New()
	log, err := m.Open(ctx, ar.stream)
	if err != nil {
		return err
	}
	if len(ar.records) > 0 {
		if err := log.Append(ctx, 0, ar.records); err != nil {
			return err
		}
	}
	opener := func(context.Context, string) (adapter.Adapter, error) { return m, nil }
	staged, err := stream.NewStore(ctx, stream.Config{URL: "mem://", Opener: opener, Keys: st.Keys(), Trust: trust})
	if err != nil {
		return err
	}
	defer staged.Close()
	s, err := stream.Open(ctx, staged, ar.stream, fold.Count(), 0)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Verify(ctx, stream.Extends(ar.checkpoint))
}

// write appends the archive's records the stream does not hold yet and
// returns how many. Records the stream holds must be the archive's.
func (a *app) write(ctx context.Context, ar *archive) (uint64, error) {
	log, done, err := a.rawLog(ctx, ar.stream)
	if err != nil {
		return 0, err
	}
	defer done()
	have := uint64(0)
	for r, err := range log.Read(ctx, 1) {
		if err != nil {
			return 0, err
		}
		if r.Version > ar.version || !r.Equal(ar.records[r.Version-1]) {
			return 0, fmt.Errorf("stream %q already holds other events from version %d: %w", ar.stream, r.Version, sealstream.ErrConflict)
		}
		have = r.Version
	}
	if have == ar.version {
		return 0, nil
	}
	return ar.version - have, log.Append(ctx, have, ar.records[have:])
}

// signedByTrusted reports whether checkpoint cp carries a signature line
// of one of the trusted writers (whether it verifies is Verify's to say):
// then a store without the stream's keys can still check the archive.
func signedByTrusted(cp []byte, trust []keyset.Recipient) bool {
	for line := range strings.SplitSeq(string(cp), "\n") {
		name, ok := strings.CutPrefix(line, "\u2014 sealstream-writer-")
		if !ok {
			continue
		}
		name, _, _ = strings.Cut(name, " ")
		id, err := base64.RawURLEncoding.DecodeString(name)
		if err == nil && slices.ContainsFunc(trust, func(r keyset.Recipient) bool { return r.ID() == string(id) }) {
			return true
		}
	}
	return false
}
