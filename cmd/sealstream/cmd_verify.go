package main

import (
	"context"
	"fmt"
	"os"

	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

func (a *app) verifyCmd() *cobra.Command {
	var (
		all bool
		cp  string
	)
	cmd := &cobra.Command{
		Use:   "verify [ID | --all]",
		Short: "Walk streams' hash chains and authenticate every record",
		Long: "verify walks a stream (or, with --all, every stream): versions contiguous, each\n" +
			"record chained to its predecessor and authenticated. With --checkpoint FILE it\n" +
			"also proves that the stream still extends that checkpoint. Exit code 3 means\n" +
			"an integrity failure.",
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case all && len(args) > 0, !all && len(args) == 0:
				return usagef("give one stream ID or --all")
			case all && cp != "":
				return usagef("--checkpoint needs one stream ID, not --all")
			}
			var pin []byte
			if cp != "" {
				b, err := os.ReadFile(cp)
				if err != nil {
					return fmt.Errorf("read the checkpoint: %w", err)
				}
				pin = b
			}
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			ids := args
			if all {
				ids = nil
				for id, err := range st.Streams(ctx, "") {
					if err != nil {
						return err
					}
					ids = append(ids, id)
				}
			} else if ok, err := exists(ctx, st, args[0]); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("no stream %q in the store", args[0])
			}
			var failed error
			for _, id := range ids {
				n, err := a.verifyOne(ctx, st, id, pin)
				if err != nil {
					fmt.Fprintf(a.stdout, "%s: FAILED\n", id)
					fmt.Fprintln(a.stderr, "sealstream: "+oneLine(err.Error()))
					if failed == nil {
						failed = reported{err}
					}
					continue
				}
				fmt.Fprintf(a.stdout, "%s: ok, %d events\n", id, n)
			}
			return failed
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "verify every stream of the store")
	cmd.Flags().StringVar(&cp, "checkpoint", "", "prove the stream extends the checkpoint in `FILE`")
	return cmd
}

// verifyOne verifies stream id against checkpoint pin (if any) and returns
// its event count. On a terminal a progress bar on stderr follows the walk.
func (a *app) verifyOne(ctx context.Context, st *stream.Store, id string, pin []byte) (uint64, error) {
	s, err := stream.Open(ctx, st, id, fold.Count(), 0)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	m, err := s.Metrics(ctx)
	if err != nil {
		return 0, err
	}
	if bar := a.progress(int64(m.Version), "verify "+id); bar != nil {
		for _, err := range s.Read(ctx, stream.SkipUnreadable()) {
			if err != nil {
				_ = bar.Exit()
				return 0, err
			}
			_ = bar.Add(1)
		}
		_ = bar.Finish()
		if pin == nil {
			return m.Version, nil
		}
	}
	var opts []stream.ReadOption
	if pin != nil {
		opts = append(opts, stream.Extends(pin))
	}
	return m.Version, s.Verify(ctx, opts...)
}
