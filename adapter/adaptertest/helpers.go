package adaptertest

import (
	"context"
	"os"
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/codec"
)

// ServerURL returns the value of the environment variable env, the URL of
// the server an adapter's tests run against. When it is unset the test
// fails under CI (CI=true) and is skipped elsewhere; the message names env
// and adds how, which says what is missing and how to provide it.
func ServerURL(tb testing.TB, env, how string) string {
	tb.Helper()
	u := os.Getenv(env)
	if u == "" {
		msg := env + " is unset: " + how
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return u
}

// OpenLog opens stream id on a; the log is closed when the test ends.
func OpenLog(tb testing.TB, a adapter.Adapter, id string) adapter.Log {
	tb.Helper()
	l, err := a.Open(context.Background(), id)
	if err != nil {
		tb.Fatalf("Open(%q): %v", id, err)
	}
	tb.Cleanup(func() { _ = l.Close() })
	return l
}

// ReadAll reads l from version from to its head, failing the test on any
// error.
func ReadAll(tb testing.TB, l adapter.Log, from uint64) []codec.Record {
	tb.Helper()
	var out []codec.Record
	for r, err := range l.Read(context.Background(), from) {
		if err != nil {
			tb.Fatalf("Read(%d): %v", from, err)
		}
		out = append(out, r)
	}
	return out
}

// HeadOf returns l's head, failing the test on an error.
func HeadOf(tb testing.TB, l adapter.Log) adapter.Head {
	tb.Helper()
	h, err := l.Head(context.Background())
	if err != nil {
		tb.Fatalf("Head: %v", err)
	}
	return h
}
