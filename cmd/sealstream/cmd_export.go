package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
	"github.com/spf13/cobra"
)

func (a *app) exportCmd() *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "export ID",
		Short: "Write a portable, self-verifying archive of a stream to stdout",
		Long: "export writes the stream's sealed records in order, their hash chain and a\n" +
			"signed checkpoint of its head. Payloads stay sealed: import needs a store\n" +
			"holding the stream's keys, and checks everything before writing anything.\n" +
			"With --to ID (and --writer), the events are first re-sealed to that identity\n" +
			"alone, so that its owner's store, trusting the writer, can import and read\n" +
			"them (cat --as ID) without the stream's keys.",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, id := cmd.Context(), args[0]
			if to != "" && a.writer == "" {
				return usagef("--to needs --writer ID: the re-sealed events are signed by their writer")
			}
			s, err := a.openStream(ctx, id, false)
			if err != nil {
				return err
			}
			defer s.Close()
			if to != "" {
				return a.exportTo(ctx, s, id, to)
			}
			cp, err := s.Checkpoint(ctx)
			if err != nil {
				return err
			}
			return a.writeArchive(ctx, a.files, id, cp)
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "re-seal the events to identity `ID` (needs --writer)")
	return cmd
}

// exportBatch is how many records export encodes and writes at once.
const exportBatch = 512

// writeArchive writes the archive of stream id of adapter ad, up to the
// head that checkpoint cp states. Three goroutines share the work: one
// reads and decodes the log, this one checks the hash chain, and one
// encodes, hashes and writes the lines.
func (a *app) writeArchive(ctx context.Context, ad adapter.Adapter, id string, cp []byte) error {
	version, head, err := checkpointHead(cp)
	if err != nil {
		return err
	}
	log, err := ad.Open(ctx, id)
	if err != nil {
		return err
	}
	defer log.Close()
	w := newArchiveWriter(a.stdout, id, version, cp)
	out := newWriteAhead(exportBatch, func(recs []codec.Record) error {
		for i := range recs {
			if err := w.record(&recs[i]); err != nil {
				return err
			}
		}
		return w.flush()
	})
	prev, err := checkChain(ctx, log, id, version, out)
	if err := errors.Join(err, out.Close()); err != nil {
		return err
	}
	if !bytes.Equal(prev, head) {
		return fmt.Errorf("stream %q: the records do not end in the checkpointed head: %w", id, sealstream.ErrIntegrity)
	}
	return w.end()
}

// checkChain reads log's records up to version upto, checks that each
// carries its predecessor's hash, and hands them to out. It returns the
// hash of the last one.
func checkChain(ctx context.Context, log adapter.Log, id string, upto uint64, out *writeAhead[codec.Record]) ([]byte, error) {
	var (
		prev, ad []byte
		h        codec.Hasher
	)
	for recs, err := range readAhead(ctx, log, upto) {
		if err != nil {
			return nil, err
		}
		for i := range recs {
			r := &recs[i]
			if !bytes.Equal(r.Prev, prev) {
				return nil, fmt.Errorf("stream %q: the chain breaks at version %d: %w", id, r.Version, sealstream.ErrIntegrity)
			}
			ad = codec.AD(ad[:0], id, r)
			prev = h.Sum(prev[:0], ad, r.Payload)
			if !out.add(*r) {
				return prev, nil // the write failed: Close says why
			}
		}
	}
	return prev, nil
}

// rawLog opens the sealed-record log of stream id through the store's
// file adapter (its handles share the stream's index), and a function
// closing it.
func (a *app) rawLog(ctx context.Context, id string) (adapter.Log, func(), error) {
	log, err := a.files.Open(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return log, func() { _ = log.Close() }, nil
}

// checkpointHead reads the version and head hash a checkpoint states (the
// text of its signed note: header, stream, version, hash).
func checkpointHead(cp []byte) (uint64, []byte, error) {
	lines := strings.SplitN(string(cp), "\n", 5)
	if len(lines) < 5 {
		return 0, nil, fmt.Errorf("checkpoint is malformed: %w", sealstream.ErrIntegrity)
	}
	v, err1 := strconv.ParseUint(lines[2], 10, 64)
	h, err2 := base64.StdEncoding.DecodeString(lines[3])
	if err1 != nil || err2 != nil {
		return 0, nil, fmt.Errorf("checkpoint is malformed: %w", sealstream.ErrIntegrity)
	}
	return v, h, nil
}
