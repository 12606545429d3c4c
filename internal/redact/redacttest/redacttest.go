package redacttest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
)

// The halves of the sentinel password: tests join them with every
// delimiter a URL may hold, and neither half may appear in an error.
const (
	Head = "S3ntinelHead"
	Tail = "Pa55w0rdTail"
)

// Shows reports whether msg holds a half of the sentinel password, in any
// case.
func Shows(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, strings.ToLower(Head)) || strings.Contains(msg, strings.ToLower(Tail))
}

// CheckFailed fails t unless err, what failed (an opening of a URL that
// holds the sentinel password), is an error that shows no half of it.
func CheckFailed(t testing.TB, what string, err error) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s succeeded, want an error", what)
	case Shows(err.Error()):
		t.Errorf("%s: the error shows the password: %v", what, err)
	}
}

// ClosedPort returns a 127.0.0.1 address nothing listens on.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// CheckHide checks hide, an adapter's masking of the connection errors of
// URL raw: an error quoting each of quoted (the sentinel password as raw
// holds it, decoded) shows no half of the password and still unwraps to
// its cause, and an error quoting nothing comes back as it was.
func CheckHide(t testing.TB, hide func(raw string, err error) error, raw string, quoted ...string) {
	t.Helper()
	err := hide(raw, fmt.Errorf("connect as %s: %w", strings.Join(quoted, ", then "), context.DeadlineExceeded))
	if Shows(err.Error()) {
		t.Errorf("the error shows the password: %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the masked error does not unwrap: %v", err)
	}
	plain := errors.New("connect: refused")
	if got := hide(raw, plain); got != plain {
		t.Errorf("an error without secrets became %v, want it as it was", got)
	}
}
