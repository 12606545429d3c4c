package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// passphraseEnv names the environment variable holding the passphrase.
const passphraseEnv = "SEALSTREAM_PASSPHRASE"

// passphrase reads the store's passphrase: from --passphrase-file, else
// from $SEALSTREAM_PASSPHRASE when it is not empty, else from a prompt
// that does not echo when stdin is a terminal. With confirm, the prompt
// asks twice.
func (a *app) passphrase(confirm bool) ([]byte, error) {
	switch {
	case a.passFile == "-":
		b, err := io.ReadAll(a.stdin)
		if err != nil {
			return nil, fmt.Errorf("read the passphrase from stdin: %w", err)
		}
		return nonEmpty(bytes.TrimRight(b, "\r\n"))
	case a.passFile != "":
		b, err := os.ReadFile(a.passFile)
		if err != nil {
			return nil, fmt.Errorf("read the passphrase file: %w", err)
		}
		return nonEmpty(bytes.TrimRight(b, "\r\n"))
	}
	if v := os.Getenv(passphraseEnv); v != "" {
		return []byte(v), nil
	}
	fd, ok := terminal(a.stdin)
	if !ok {
		return nil, errors.New("no passphrase: set $" + passphraseEnv + ", use --passphrase-file, or run on a terminal")
	}
	pass, err := prompt(fd, a.stderr, "Passphrase: ")
	if err != nil || !confirm {
		return pass, err
	}
	again, err := prompt(fd, a.stderr, "Repeat passphrase: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(pass, again) {
		return nil, errors.New("the passphrases differ")
	}
	return pass, nil
}

func prompt(fd int, w io.Writer, label string) ([]byte, error) {
	fmt.Fprint(w, label)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(w)
	if err != nil {
		return nil, fmt.Errorf("read the passphrase: %w", err)
	}
	return nonEmpty(b)
}

func nonEmpty(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	return b, nil
}

// terminal reports whether r is a terminal, and its descriptor.
func terminal(r any) (int, bool) {
	f, ok := r.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}
