package nats_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/nats"
)

// The sentinel password: its halves must appear in no error, in any case,
// whatever delimiter joins them in a URL.
const (
	pwHead = "S3ntinelHead"
	pwTail = "Pa55w0rdTail"
)

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t *testing.T) string {
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

// showsPassword reports whether msg holds a half of the sentinel password.
func showsPassword(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, strings.ToLower(pwHead)) || strings.Contains(msg, strings.ToLower(pwTail))
}

// mustHidePassword fails t unless Open(u) fails with an error that shows
// no part of the sentinel password.
func mustHidePassword(t *testing.T, u string) error {
	t.Helper()
	a, err := nats.Options{}.Open(t.Context(), u)
	switch {
	case err == nil:
		_ = a.Close()
		t.Errorf("Open(%q) succeeded, want an error", u)
	case showsPassword(err.Error()):
		t.Errorf("the error shows the password: %v", err)
	}
	return err
}

func TestURLErrorsRedactPassword(t *testing.T) {
	pw := pwHead + pwTail
	bad := map[string]string{
		"other scheme":      "http://app:" + pw + "@127.0.0.1:4222",
		"no scheme":         "app:" + pw + "@127.0.0.1:4222",
		"port not a number": "nats://app:" + pw + "@127.0.0.1:port",
		"bad IPv6 host":     "nats://app:" + pw + "@[::1",
		"bad escape":        "nats://app:" + pwHead + "%zz" + pwTail + "@127.0.0.1:4222",
		"token":             "nats://" + pw + "@127.0.0.1:port",
		"space":             "nats://app:" + pwHead + " " + pwTail + "@127.0.0.1:4222",
		"comma in password": "nats://app:1," + pwHead + ":" + pwTail + "@127.0.0.1:4222",
	}
	for _, delim := range []string{"/", "?", "#", "@", ":", "&", "=", "%", "[", "]", ","} {
		bad["unescaped "+delim] = "nats://app:" + pwHead + delim + pwTail + "@127.0.0.1:port"
	}
	for name, u := range bad {
		t.Run(name, func(t *testing.T) {
			if err := mustHidePassword(t, u); !errors.Is(err, sealstream.ErrUnsupportedURL) {
				t.Errorf("err = %v, want ErrUnsupportedURL", err)
			}
		})
	}

	// Unreachable servers: the URLs parse, connecting fails.
	addr, other := closedPort(t), closedPort(t)
	unreachable := map[string]string{
		"nats":      "nats://app:" + pw + "@" + addr,
		"tls":       "tls://app:" + pw + "@" + addr,
		"ws":        "ws://app:" + pw + "@" + addr,
		"wss":       "wss://app:" + pw + "@" + addr,
		"token":     "nats://" + pw + "@" + addr,
		"escaped /": "nats://app:" + pwHead + "%2F" + pwTail + "@" + addr,
		"two URLs":  fmt.Sprintf("nats://app:%s@%s, nats://app:%s@%s", pw, addr, pw, other),
	}
	for name, u := range unreachable {
		t.Run("unreachable "+name, func(t *testing.T) { mustHidePassword(t, u) })
	}

	// A server that refuses the password.
	s := runServer(t, &server.Options{
		ServerName: "auth", Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true,
		Username: "app", Password: "the right one",
	})
	t.Cleanup(func() { stopServer(s) })
	hostPort := strings.TrimPrefix(s.ClientURL(), "nats://")
	t.Run("wrong password", func(t *testing.T) { mustHidePassword(t, "nats://app:"+pw+"@"+hostPort) })
	t.Run("wrong token", func(t *testing.T) { mustHidePassword(t, "nats://"+pw+"@"+hostPort) })
}

func TestConnectErrorsMaskURLSecrets(t *testing.T) {
	pw := pwHead + "/" + pwTail
	u := "nats://app:" + strings.ReplaceAll(pw, "/", "%2F") + "@a:4222,nats://" + pwTail + "@b:4222"
	err := nats.HideURLSecrets(u, fmt.Errorf("connect as %s, then %s: %w", pw, pwTail, context.DeadlineExceeded))
	if showsPassword(err.Error()) {
		t.Errorf("the error shows the password: %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the masked error does not unwrap: %v", err)
	}
	plain := errors.New("connect: refused")
	if got := nats.HideURLSecrets(u, plain); got != plain {
		t.Errorf("an error without secrets became %v, want it as it was", got)
	}
}
