package stream_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/stream"
)

// Every error names its stream once and says what was wrong.
func TestErrorsNameTheStreamOnce(t *testing.T) {
	ctx := context.Background()
	p := filePlace(t)
	st := p.store(t, stream.Config{})
	s := openCount(t, st, "u")
	mustAppend(t, s, sealstream.Event{ID: "e1", Type: "T", Data: []byte("x")})
	errs := map[string]error{}
	_, errs["conflict"] = s.Append(ctx, []sealstream.Event{ev("T", "x")}, stream.ExpectVersion(7))
	_, errs["ID conflict"] = s.Append(ctx, []sealstream.Event{{ID: "e1", Type: "T", Data: []byte("y")}})
	_, errs["invalid"] = s.Append(ctx, []sealstream.Event{{Data: []byte("x")}})
	_, errs["unknown identity"] = s.State(ctx, stream.As("nobody"))
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	for _, err := range s.ReadAndWatch(short) {
		if err != nil {
			errs["watch deadline"] = err
			break
		}
	}
	if err := p.ring(t).Forget(ctx, "u"); err != nil {
		t.Fatal(err)
	}
	_, errs["shredded append"] = s.Append(ctx, []sealstream.Event{ev("T", "x")})
	_, errs["shredded read"] = s.State(ctx)
	_ = s.Close()
	_, errs["closed"] = s.Append(ctx, []sealstream.Event{ev("T", "x")})
	want := map[string]string{
		"conflict":         "expected version 7, stream is at 1",
		"ID conflict":      `event ID "e1" is stored at version 1 with other content`,
		"invalid":          "empty type",
		"unknown identity": `no identity "nobody"`,
		"watch deadline":   "watch: context deadline exceeded",
		"shredded append":  "destroyed",
		"shredded read":    "destroyed",
		"closed":           "closed",
	}
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		msg := err.Error()
		if n := strings.Count(msg, `stream "u"`); n != 1 {
			t.Errorf("%s: the stream is named %d times: %s", name, n, msg)
		}
		if !strings.Contains(msg, want[name]) {
			t.Errorf("%s: %q does not say %q", name, msg, want[name])
		}
	}
	if strings.Contains(errs["watch deadline"].Error(), "keys") {
		t.Errorf("a watch deadline blames the keys: %v", errs["watch deadline"])
	}
	if !errors.Is(errs["watch deadline"], context.DeadlineExceeded) {
		t.Errorf("watch deadline = %v, want DeadlineExceeded", errs["watch deadline"])
	}
}
