package adaptertest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// TestServerURL returns the variable when it is set; unset, it fails the
// test under CI and skips it elsewhere, naming the variable and what to
// do.
func TestServerURL(t *testing.T) {
	const env, how = "SEALSTREAM_TEST_SOME_URL", "no server; run the tests through scripts/x.sh"
	for _, c := range []struct{ value, ci, want string }{
		{"some://server", "true", ""},
		{"", "true", "fatal: " + env + " is unset: " + how},
		{"", "", "skip: " + env + " is unset: " + how},
		{"", "false", "skip: " + env + " is unset: " + how},
	} {
		t.Setenv(env, c.value)
		t.Setenv("CI", c.ci)
		var got string
		if ended := outcome(t, func(tb testing.TB) { got = adaptertest.ServerURL(tb, env, how) }); ended != c.want {
			t.Errorf("%s=%q CI=%q: ServerURL ended with %q, want %q", env, c.value, c.ci, ended, c.want)
		}
		if c.want == "" && got != c.value {
			t.Errorf("ServerURL = %q, want %q", got, c.value)
		}
	}
}

// TestLogHelpers opens a log, reads it from a version and takes its head;
// each helper fails the test on an error, and the log is closed when the
// test ends.
func TestLogHelpers(t *testing.T) {
	a := mem.New()
	defer a.Close()
	var l adapter.Log
	t.Run("use", func(t *testing.T) {
		l = adaptertest.OpenLog(t, a, "s")
		recs := adaptertest.Records("s", 0, 3, nil)
		if err := l.Append(context.Background(), 0, recs); err != nil {
			t.Fatal(err)
		}
		if got := adaptertest.ReadAll(t, l, 2); len(got) != 2 || !got[0].Equal(recs[1]) || !got[1].Equal(recs[2]) {
			t.Fatalf("ReadAll(2) = %+v, want the last two of %+v", got, recs)
		}
		if h := adaptertest.HeadOf(t, l); h.Version != 3 || !h.Last.Equal(recs[2]) {
			t.Fatalf("HeadOf = %+v, want version 3", h)
		}
	})
	if _, err := l.Head(context.Background()); !errors.Is(err, sealstream.ErrClosed) {
		t.Fatalf("Head after the test = %v, want ErrClosed", err)
	}
	for what, fn := range map[string]func(tb testing.TB){
		"fatal: Read(1)": func(tb testing.TB) { adaptertest.ReadAll(tb, l, 1) },
		"fatal: Head":    func(tb testing.TB) { adaptertest.HeadOf(tb, l) },
		`fatal: Open("t")`: func(tb testing.TB) {
			closed := mem.New()
			_ = closed.Close()
			adaptertest.OpenLog(tb, closed, "t")
		},
	} {
		if got := outcome(t, fn); !strings.HasPrefix(got, what) {
			t.Errorf("on a closed log or adapter: %q, want %q…", got, what)
		}
	}
}
