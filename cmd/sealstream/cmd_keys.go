package main

import (
	"errors"
	"fmt"

	"github.com/sealstream/sealstream/keyset"
	"github.com/spf13/cobra"
)

func (a *app) keysCmd() *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Rotate and forget stream keys; manage identities"}
	var yes bool
	rotate := &cobra.Command{
		Use:   "rotate ID",
		Short: "Give a stream a new primary key (its history stays readable)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ring, err := a.streamRing(cmd, args[0])
			if err != nil {
				return err
			}
			if err := ring.Rotate(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "rotated the keys of %s\n", args[0])
			return nil
		},
	}
	forget := &cobra.Command{
		Use:   "forget ID",
		Short: "Destroy a stream's keys (crypto-shredding): its events can no longer be read",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ring, err := a.streamRing(cmd, args[0])
			if err != nil {
				return err
			}
			if err := a.confirm(yes, "forgetting the keys of stream", args[0]); err != nil {
				return err
			}
			if err := ring.Forget(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "forgot the keys of %s\n", args[0])
			return nil
		},
	}
	forget.Flags().BoolVar(&yes, "yes", false, "forget without asking")
	keys.AddCommand(rotate, forget, a.identityCmd())
	return keys
}

// ring opens the store and returns its keyring.
func (a *app) ring(cmd *cobra.Command) (*keyset.Keyring, error) {
	st, err := a.open(cmd.Context())
	if err != nil {
		return nil, err
	}
	ring := st.Keyring()
	if ring == nil {
		return nil, errors.New("the store has no keyring")
	}
	return ring, nil
}

// streamRing returns the keyring of a store that holds stream id.
func (a *app) streamRing(cmd *cobra.Command, id string) (*keyset.Keyring, error) {
	ring, err := a.ring(cmd)
	if err != nil {
		return nil, err
	}
	if ok, err := exists(cmd.Context(), a.store, id); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("no stream %q in the store", id)
	}
	return ring, nil
}
