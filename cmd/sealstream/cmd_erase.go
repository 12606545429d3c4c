package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) eraseCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "erase ID",
		Short: "Erase a stream for good: its keys, its events and their metadata",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			if ok, err := exists(ctx, st, args[0]); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("no stream %q in the store", args[0])
			}
			if err := a.confirm(yes, "erasing stream", args[0]); err != nil {
				return err
			}
			if err := st.Erase(ctx, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "erased %s\n", args[0])
			return nil
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "erase without asking")
	return cmd
}
