package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sealstream/sealstream"
)

// Exit codes of the command.
const (
	exitOK        = 0
	exitError     = 1
	exitUsage     = 2
	exitIntegrity = 3
)

// usageError marks an error of the command line itself: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// detailed shows a short message, keeping the library's full error for
// --debug and for errors.Is.
type detailed struct {
	msg string
	err error
}

func (d detailed) Error() string { return d.msg }
func (d detailed) Unwrap() error { return d.err }

// reported is an error the command has already shown on stderr: only
// its exit code is left to give.
type reported struct{ err error }

func (r reported) Error() string { return r.err.Error() }
func (r reported) Unwrap() error { return r.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := app.root()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	app.close()
	if err == nil {
		return exitOK
	}
	err = explained(err)
	code := exitCode(err)
	if !errors.As(err, new(reported)) {
		fmt.Fprintln(stderr, "sealstream: "+oneLine(err.Error()))
	}
	if app.debug {
		var d detailed
		if errors.As(err, &d) {
			fmt.Fprintln(stderr, "  cause: "+oneLine(d.err.Error()))
		}
		for e := err; e != nil; e = errors.Unwrap(e) {
			fmt.Fprintf(stderr, "  %T\n", e)
		}
		fmt.Fprintf(stderr, "  exit code %d\n", code)
	}
	if code == exitUsage {
		fmt.Fprintln(stderr, "Run 'sealstream --help' for usage.")
	}
	return code
}

// exitCode maps an error to the command's exit code.
func exitCode(err error) int {
	var u usageError
	switch {
	case errors.Is(err, sealstream.ErrIntegrity), errors.Is(err, sealstream.ErrDecrypt),
		errors.Is(err, sealstream.ErrCorrupt):
		return exitIntegrity
	case errors.As(err, &u), strings.HasPrefix(err.Error(), "unknown command"):
		return exitUsage
	}
	return exitError
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
