package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sealstream/sealstream/keyset"
	"github.com/spf13/cobra"
)

func (a *app) identityCmd() *cobra.Command {
	id := &cobra.Command{Use: "identity", Short: "Make, export and import identities (recipients and writers)"}
	newID := &cobra.Command{
		Use:   "new ID",
		Short: "Make an identity in the store's keyring",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ring, err := a.ring(cmd)
			if err != nil {
				return err
			}
			i, err := keyset.NewIdentity(args[0])
			if err != nil {
				return err
			}
			if err := ring.SaveIdentity(cmd.Context(), i); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "made identity %s\n", args[0])
			return nil
		},
	}
	export := &cobra.Command{
		Use:   "export ID",
		Short: "Print an identity's public recipient export (no secret keys)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ring, err := a.ring(cmd)
			if err != nil {
				return err
			}
			i, err := ring.Identity(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			r, err := i.Recipient()
			if err != nil {
				return err
			}
			b, err := r.MarshalBinary()
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: "Trust the writer whose recipient export is in FILE (kept in DIR/.trusted)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read the recipient export: %w", err)
			}
			r, err := keyset.ParseRecipient(b)
			if err != nil { // bad input, not a damaged store: no exit code 3
				return fmt.Errorf("%s is not a recipient export: %v", args[0], err)
			}
			if _, err := a.open(cmd.Context()); err != nil {
				return err
			}
			if err := keep(a.dir, r.ID(), b); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "trusting %s\n", r.ID())
			return nil
		},
	}
	id.AddCommand(newID, export, imp, a.identityLsCmd())
	return id
}

// keep writes recipient export b of identity id under dir/.trusted; the
// same export again is no change, another one under the same ID an error.
func keep(dir, id string, b []byte) error {
	if id == "" || strings.HasPrefix(id, ".") || strings.ContainsAny(id, "/\\\x00") {
		return fmt.Errorf("identity %q cannot name a file", id)
	}
	tdir := filepath.Join(dir, trustedDir)
	if err := os.MkdirAll(tdir, 0o700); err != nil {
		return fmt.Errorf("trusted writers: %w", err)
	}
	path := filepath.Join(tdir, id+trustedExt)
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, b):
		return nil
	case err == nil:
		return fmt.Errorf("another export of identity %q is already trusted", id)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("trusted writers: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("trusted writers: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("trusted writers: %w", err)
	}
	return nil
}
