package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/sealstream/sealstream"
	"github.com/spf13/cobra"
)

// change is the JSON form of one change: the position as a decimal
// string (it is a uint64, beyond what JSON numbers hold exactly).
type change struct {
	Pos    string `json:"pos"`
	Stream string `json:"stream"`
	From   uint64 `json:"from"`
	To     uint64 `json:"to"`
}

func (a *app) changesCmd() *cobra.Command {
	var (
		since  uint64
		follow bool
		most   uint64
	)
	cmd := &cobra.Command{
		Use:   "changes",
		Short: "Print the store's change feed: every stream's batches, after --since; with -f, then new ones",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			feed := st.Changes(ctx, since)
			if follow {
				feed = st.WatchChanges(ctx, since)
			}
			w := bufio.NewWriter(a.stdout)
			defer w.Flush()
			enc := json.NewEncoder(w)
			return printEach(ctx, cmd, w, feed, most, func(c sealstream.Change) error {
				return enc.Encode(change{strconv.FormatUint(c.Position, 10), c.Stream, c.From, c.To})
			})
		},
	}
	cmd.Flags().Uint64Var(&since, "since", 0, "print the changes after position `P` (0: from the start)")
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new changes until interrupted")
	cmd.Flags().Uint64Var(&most, "max", 0, "stop after `N` changes (0: no limit)")
	return cmd
}
