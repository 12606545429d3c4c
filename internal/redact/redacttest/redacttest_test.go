package redacttest_test

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/sealstream/sealstream/internal/redact"
	"github.com/sealstream/sealstream/internal/redact/redacttest"
)

func TestShowsEitherHalfInAnyCase(t *testing.T) {
	for msg, want := range map[string]bool{
		"as " + redacttest.Head:                  true,
		"as " + strings.ToUpper(redacttest.Tail): true,
		"as S3ntinel Head, Pa55w0rd":             false,
	} {
		if got := redacttest.Shows(msg); got != want {
			t.Errorf("Shows(%q) = %v, want %v", msg, got, want)
		}
	}
}

func TestClosedPortRefuses(t *testing.T) {
	c, err := net.Dial("tcp", redacttest.ClosedPort(t))
	if err == nil {
		_ = c.Close()
		t.Fatal("a connection to the closed port succeeded")
	}
}

// recorder is a testing.TB that counts the failures it is told of.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, a...))
}

// CheckFailed passes an error that hides the password, and fails no error
// and one that shows it.
func TestCheckFailed(t *testing.T) {
	cases := []struct {
		err  error
		fail bool
	}{
		{errors.New("auth failed for xxxxx"), false},
		{errors.New("auth failed for " + redacttest.Tail), true},
		{nil, true},
	}
	for _, c := range cases {
		r := &recorder{TB: t}
		redacttest.CheckFailed(r, "Open", c.err)
		if failed := len(r.failures) > 0; failed != c.fail {
			t.Errorf("CheckFailed(%v) reported %q, want failed %v", c.err, r.failures, c.fail)
		}
	}
}

// CheckHide passes a masking that hides the password and keeps the chain,
// and fails one that shows the password or loses the chain.
func TestCheckHide(t *testing.T) {
	pw := redacttest.Head + "/" + redacttest.Tail
	raw := "nats://app:" + strings.ReplaceAll(pw, "/", "%2F") + "@a:4222"
	masking := func(raw string, err error) error {
		var s redact.Secrets
		s.Add(strings.TrimSuffix(strings.TrimPrefix(raw, "nats://app:"), "@a:4222"))
		return s.Hide(err)
	}
	cases := map[string]struct {
		hide func(string, error) error
		fail int
	}{
		"masks":       {masking, 0},
		"shows":       {func(_ string, err error) error { return err }, 1},
		"loses chain": {func(r string, err error) error { return fmt.Errorf("%v", masking(r, err)) }, 2},
	}
	for name, c := range cases {
		r := &recorder{TB: t}
		redacttest.CheckHide(r, c.hide, raw, pw)
		if len(r.failures) != c.fail {
			t.Errorf("%s: CheckHide reported %q, want %d failures", name, r.failures, c.fail)
		}
	}
}
