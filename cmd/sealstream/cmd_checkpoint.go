package main

import (
	"github.com/spf13/cobra"
)

func (a *app) checkpointCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "checkpoint ID",
		Short: "Print a signed checkpoint of a stream's head (keep it for verify --checkpoint)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStream(cmd.Context(), args[0], false)
			if err != nil {
				return err
			}
			defer s.Close()
			cp, err := s.Checkpoint(cmd.Context())
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(cp)
			return err
		},
	}
}
