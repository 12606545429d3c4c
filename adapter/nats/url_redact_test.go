package nats_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/nats"
	"github.com/sealstream/sealstream/internal/redact/redacttest"
)

// The halves of the sentinel password, which no error may show.
const pwHead, pwTail = redacttest.Head, redacttest.Tail

// mustHidePassword fails t unless Open(u) fails with an error that shows
// no part of the sentinel password.
func mustHidePassword(t *testing.T, u string) error {
	t.Helper()
	a, err := nats.Options{}.Open(t.Context(), u)
	if err == nil {
		_ = a.Close()
	}
	redacttest.CheckFailed(t, fmt.Sprintf("Open(%q)", u), err)
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
	addr, other := redacttest.ClosedPort(t), redacttest.ClosedPort(t)
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
	redacttest.CheckHide(t, nats.HideURLSecrets, u, pw, pwTail)
}
