package main

import (
	"io"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The quickstart runs to the end and tells the story it promises.
func TestQuickstart(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	main()
	os.Stdout = stdout
	_ = w.Close()
	out, _ := io.ReadAll(r)
	for _, want := range []string{
		"appended 2 events, stream at version 2",
		"state: 1 open claim(s), subscriptions [newspaper gym], 51.99/month",
		"state: 0 open claim(s), subscriptions [newspaper gym], 51.99/month",
		`the doctor reads v5 Diagnosis: {"note":"sprained ankle"}`,
		"refused: ",
		"expected version 2, stream is at 5",
		"found v1 ClaimFiled",
		"found v4 ClaimPaid",
		"verified: every record authenticates",
		"metrics: version 5, 5 events",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
