package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/keyset"
	"github.com/spf13/cobra"
)

func (a *app) identityLsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ls",
		Short: "List the identities of the store's keyring and the trusted writers",
		Long: "ls lists, one a line, every identity whose keys the store's keyring holds\n" +
			"(KEYS private) and every writer trusted through 'keys identity import'\n" +
			"(trusted writer: its public keys only). An identity made by a sealstream\n" +
			"that kept no listing of identities shows once used (keys identity export ID).",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			ring, err := a.ring(cmd)
			if err != nil {
				return err
			}
			keys, err := identityKeys(ctx, ring)
			if err != nil {
				return err
			}
			kept, err := trusted(a.dir)
			if err != nil {
				return err
			}
			for _, r := range kept {
				if keys[r.ID()] == "" {
					keys[r.ID()] = "trusted writer"
				} else {
					keys[r.ID()] += ", trusted writer"
				}
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tKEYS")
			for _, id := range slices.Sorted(maps.Keys(keys)) {
				fmt.Fprintf(tw, "%s\t%s\n", id, keys[id])
			}
			return tw.Flush()
		},
	}
}

// identityKeys returns what ring holds of each identity it lists:
// "private" for one it can load, else why it cannot.
func identityKeys(ctx context.Context, ring *keyset.Keyring) (map[string]string, error) {
	ids, err := ring.Identities(ctx)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]string, len(ids))
	for _, id := range ids {
		_, err := ring.Identity(ctx, id)
		switch {
		case err == nil:
			keys[id] = "private"
		case errors.Is(err, sealstream.ErrShredded):
			keys[id] = "forgotten"
		case errors.Is(err, sealstream.ErrNoKey):
			keys[id] = "lost"
		case errors.Is(err, sealstream.ErrFormat):
			keys[id] = "older format"
		default:
			return nil, err
		}
	}
	return keys, nil
}
