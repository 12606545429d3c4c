package main

import (
	"bufio"
	"os"
	"os/signal"
	"syscall"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

func (a *app) tailCmd() *cobra.Command {
	var (
		rf     readFlags
		follow bool
		last   uint64
		most   uint64
	)
	cmd := &cobra.Command{
		Use:   "tail ID",
		Short: "Print a stream's last events; with -f, then new ones until interrupted",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := rf.options()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			s, err := a.openStream(ctx, args[0], false)
			if err != nil {
				return err
			}
			defer s.Close()
			if rf.from == 0 {
				m, err := s.Metrics(ctx)
				if err != nil {
					return err
				}
				start := uint64(1)
				if m.Version > last {
					start = m.Version - last + 1
				}
				opts = append(opts, stream.From(start))
			}
			events := s.Read(ctx, opts...)
			if follow {
				events = s.Watch(ctx, opts...)
			}
			w := bufio.NewWriter(a.stdout)
			defer w.Flush()
			return printEach(ctx, cmd, w, events, most, func(e sealstream.Event) error { return rf.write(w, e) })
		},
	}
	rf.add(cmd)
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new events until interrupted")
	cmd.Flags().Uint64VarP(&last, "lines", "n", 10, "start with the last `N` versions (unless --from)")
	cmd.Flags().Uint64Var(&most, "max", 0, "stop after `N` events (0: no limit)")
	return cmd
}
