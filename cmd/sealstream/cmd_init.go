package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

func (a *app) initCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Create a file store in DIR with a passphrase keyring",
		Long: "init creates a file store in DIR, with its passphrase keyring in DIR/.keyring.\n" +
			"A server store (postgres://, nats://, s3://, http(s)://) keeps its keys in such a\n" +
			"directory too: init one, then give it with --keys DIR.",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := localPlace(args[0])
			if err != nil {
				return err
			}
			dir := p.dir
			if _, err := os.Stat(filepath.Join(dir, stream.KeyringDir)); err == nil {
				return fmt.Errorf("%s already holds a store", dir)
			}
			pass, err := a.passphrase(true)
			if err != nil {
				return err
			}
			st, err := stream.NewStore(cmd.Context(), stream.Config{URL: p.url, Key: pass})
			if err != nil {
				return err
			}
			a.store = st
			fmt.Fprintf(a.stdout, "created store %s\n", dir)
			return nil
		},
	}
}
