package main

import (
	"io"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/keyset"
	"github.com/sealstream/sealstream/stream"
	"github.com/spf13/cobra"
)

// app holds the global flags and what the running command opened.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	url       string
	keys      string
	writer    string
	passFile  string
	tokenFile string
	debug     bool

	store  *stream.Store
	dir    string           // the file store's directory
	files  adapter.Adapter  // the store's adapter
	signer *keyset.Identity // the --writer identity
}

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "sealstream",
		Short: "See, check, carry and erase the events of a sealstream store",
		Long: "sealstream reads and writes the encrypted event streams of a store.\n\n" +
			"The store is --url or $SEALSTREAM_URL: file:///dir or a directory path, or\n" +
			"postgres://, nats://, s3://, or http(s):// (a sync server: see serve) with\n" +
			"--keys DIR holding its keyring; the passphrase is $SEALSTREAM_PASSPHRASE,\n" +
			"--passphrase-file or a terminal prompt; a sync server's token is\n" +
			"$SEALSTREAM_TOKEN or --token-file.\n" +
			"Exit codes: 0 ok, 1 error, 2 usage, 3 integrity failure.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.url, "url", "", "store `URL` (file:///dir or a directory, or a server's; default $SEALSTREAM_URL)")
	pf.StringVar(&a.keys, "keys", "", "for a server store: the local `DIR` made by init holding its keyring (default $SEALSTREAM_KEYS)")
	pf.StringVar(&a.writer, "writer", "", "write and sign checkpoints as the identity `ID` (append --to needs one)")
	pf.StringVar(&a.passFile, "passphrase-file", "", "read the passphrase from `FILE` (- for stdin)")
	pf.StringVar(&a.tokenFile, "token-file", "", "for an http(s):// store: read its token from `FILE` (default $SEALSTREAM_TOKEN)")
	pf.BoolVar(&a.debug, "debug", false, "show the kinds of wrapped errors on failure")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.initCmd(), a.lsCmd(), a.statCmd(), a.catCmd(), a.tailCmd(),
		a.appendCmd(), a.verifyCmd(), a.checkpointCmd(), a.eraseCmd(), a.keysCmd(),
		a.exportCmd(), a.importCmd(), a.kgCmd(), a.serveCmd(), a.changesCmd())
	return root
}

// args wraps a cobra argument check so that its failure is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// close releases what the command opened.
func (a *app) close() {
	if a.store != nil {
		_ = a.store.Close()
		a.store = nil
	}
}
