package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter/postgres"
	"github.com/sealstream/sealstream/internal/redact/redacttest"
)

// The halves of the sentinel password, which no error may show.
const pwHead, pwTail = redacttest.Head, redacttest.Tail

// openAll calls each way of opening u and returns their errors by name.
func openAll(t *testing.T, u string) map[string]error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	errs := map[string]error{}
	a, err := postgres.Open(ctx, u)
	if err == nil {
		_ = a.Close()
	}
	errs["Open"] = err
	b, err := postgres.OpenWith(ctx, u, postgres.Options{Schema: "s"})
	if err == nil {
		_ = b.Close()
	}
	errs["OpenWith"] = err
	s, err := postgres.NewBlobStore(ctx, u)
	if err == nil {
		s.Close()
	}
	errs["NewBlobStore"] = err
	return errs
}

// mustHidePassword fails t unless every way of opening u fails, with an
// error that shows no part of the sentinel password.
func mustHidePassword(t *testing.T, u string) {
	t.Helper()
	for name, err := range openAll(t, u) {
		redacttest.CheckFailed(t, fmt.Sprintf("%s(%q)", name, u), err)
	}
}

func TestURLErrorsRedactPassword(t *testing.T) {
	pw := pwHead + pwTail
	bad := map[string]string{
		"other scheme":          "mysql://app:" + pw + "@127.0.0.1/db",
		"port not a number":     "postgres://app:" + pw + "@127.0.0.1:port/db",
		"unknown sslmode":       "postgres://app:" + pw + "@127.0.0.1/db?sslmode=bogus",
		"pool_max_conns":        "postgres://app:" + pw + "@127.0.0.1/db?pool_max_conns=many",
		"connect_timeout":       "postgresql://app:" + pw + "@127.0.0.1/db?connect_timeout=soon",
		"password parameter":    "postgres://app@127.0.0.1/db?password=" + pw + "&sslmode=bogus",
		"sslpassword parameter": "postgres://app:x@127.0.0.1/db?sslpassword=" + pw + "&sslmode=verify-full&sslkey=/nonexistent",
		"bad escape":            "postgres://app:" + pwHead + "%zz" + pwTail + "@127.0.0.1/db",
		"bad IPv6 host":         "postgres://app:" + pw + "@[::1/db",
		"space in password":     "postgres://app:" + pwHead + " " + pwTail + "@127.0.0.1/db",
		"slash, space":          "postgres://app:" + pwHead + "/" + pwTail + " x@127.0.0.1/db",
		"NUL":                   "postgres://app:" + pw + "@127.0.0.1/db\x00",
	}
	for _, delim := range []string{"/", "?", "#", "@", ":", "&", "=", "%", "[", "]"} {
		bad["unescaped "+delim] = "postgres://app:" + pwHead + delim + pwTail + "@127.0.0.1:port/db"
	}
	for name, u := range bad {
		t.Run(name, func(t *testing.T) { mustHidePassword(t, u) })
	}
	if err := openAll(t, bad["other scheme"])["Open"]; !errors.Is(err, sealstream.ErrUnsupportedURL) {
		t.Errorf("other scheme: err = %v, want ErrUnsupportedURL", err)
	}

	// Unreachable servers: the URLs parse, connecting fails.
	addr := redacttest.ClosedPort(t)
	unreachable := map[string]string{
		"password":           "postgres://app:" + pw + "@" + addr + "/db?connect_timeout=5",
		"schema":             "postgres://app:" + pw + "@" + addr + "/db?schema=s",
		"sslmode require":    "postgres://app:" + pw + "@" + addr + "/db?sslmode=require",
		"password parameter": "postgres://app@" + addr + "/db?password=" + pw,
		"unescaped ?":        "postgres://app:" + pwHead + "?" + pwTail + "@" + addr + "/db",
		"unescaped #":        "postgres://app:" + pwHead + "#" + pwTail + "@" + addr + "/db",
		"escaped /":          "postgres://app:" + pwHead + "%2F" + pwTail + "@" + addr + "/db",
		"two hosts":          fmt.Sprintf("postgres://app:%s@%s,%s/db", pw, addr, addr),
	}
	for name, u := range unreachable {
		t.Run("unreachable "+name, func(t *testing.T) { mustHidePassword(t, u) })
	}
}

func TestConnectErrorsMaskURLSecrets(t *testing.T) {
	pw := pwHead + "/" + pwTail
	u := "postgres://app:" + strings.ReplaceAll(pw, "/", "%2F") + "@db/app"
	redacttest.CheckHide(t, postgres.HideURLSecrets, u, pw)
}
