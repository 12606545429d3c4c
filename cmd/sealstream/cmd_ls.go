package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/sealstream/sealstream/fold"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

func (a *app) lsCmd() *cobra.Command {
	var prefix string
	cmd := &cobra.Command{
		Use:   "ls",
		Short: "List the streams: ID, version, events, bytes, last event time",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tVERSION\tEVENTS\tBYTES\tLAST")
			for id, err := range st.Streams(ctx, prefix) {
				if err != nil {
					return err
				}
				m, err := metrics(cmd, st, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", id, m.Version, m.Count, m.Bytes, when(m.LastTimestamp))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&prefix, "prefix", "", "list only the streams whose ID starts with `PREFIX`")
	return cmd
}

func (a *app) statCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stat ID",
		Short: "Show all the metrics of a stream",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStream(cmd.Context(), args[0], false)
			if err != nil {
				return err
			}
			defer s.Close()
			m, err := s.Metrics(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 1, ' ', 0)
			fmt.Fprintf(tw, "stream:\t%s\n", args[0])
			fmt.Fprintf(tw, "version:\t%d\n", m.Version)
			fmt.Fprintf(tw, "events:\t%d\n", m.Count)
			fmt.Fprintf(tw, "first:\t%s\n", when(m.FirstTimestamp))
			fmt.Fprintf(tw, "last:\t%s\n", when(m.LastTimestamp))
			fmt.Fprintf(tw, "bytes:\t%d\n", m.Bytes)
			fmt.Fprintf(tw, "average size:\t%d\n", m.AverageSize)
			fmt.Fprintf(tw, "head hash:\t%x\n", m.HeadHash)
			fmt.Fprintf(tw, "file:\t%s\n", m.File)
			return tw.Flush()
		},
	}
}

// metrics opens stream id of st just long enough to read its metrics.
func metrics(cmd *cobra.Command, st *stream.Store, id string) (stream.Metrics, error) {
	s, err := stream.Open(cmd.Context(), st, id, fold.Count(), 0)
	if err != nil {
		return stream.Metrics{}, err
	}
	defer s.Close()
	return s.Metrics(cmd.Context())
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
