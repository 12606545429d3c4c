package main_test

import (
	"fmt"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

const secret = "hunter2-correct-horse"

// newStore makes a store in a temporary directory holding stream s of n
// events, without a terminal, and returns the directory.
func newStore(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	env := []string{"SEALSTREAM_PASSPHRASE=" + secret}
	if out, err := command(t, dir, env, "init", "st").CombinedOutput(); err != nil {
		t.Fatalf("init: %v: %s", err, out)
	}
	var in strings.Builder
	for i := range n {
		fmt.Fprintf(&in, "{\"type\":\"Tick\",\"data\":{\"n\":%d}}\n", i)
	}
	app := command(t, dir, env, "append", "s", "--url", "st")
	app.Stdin = strings.NewReader(in.String())
	if out, err := app.CombinedOutput(); err != nil {
		t.Fatalf("append: %v: %s", err, out)
	}
	return dir
}

func TestTerminalPromptAndProgressBar(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := newStore(t, 30000)
	tm := startTerminal(t, command(t, dir, nil, "verify", "s", "--url", "st"))
	tm.waitFor("Passphrase: ")
	tm.waitNoEcho()
	tm.typeLine(secret)
	code, screen := tm.exit()
	t.Logf("the terminal showed:\n%s", screen)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, want := range []string{"Passphrase: \n", "verify s 100% |", "(30000/30000,", "s: ok, 30000 events\n"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal did not show %q", want)
		}
	}
	if strings.Contains(screen, secret) {
		t.Error("the terminal showed the passphrase")
	}
}

func TestTerminalWrongPassphrase(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := newStore(t, 1)
	tm := startTerminal(t, command(t, dir, nil, "cat", "s", "--url", "st"))
	tm.waitFor("Passphrase: ")
	tm.waitNoEcho()
	tm.typeLine("not-" + secret)
	code, screen := tm.exit()
	if code != 1 || !strings.Contains(screen, "sealstream: wrong passphrase for the keyring at ") {
		t.Fatalf("exit code %d, screen:\n%s", code, screen)
	}
	if strings.Contains(screen, secret) || strings.Contains(screen, "Tick") {
		t.Errorf("the terminal showed a secret or an event:\n%s", screen)
	}
}

func TestTerminalInitAsksTwice(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := t.TempDir()
	tm := startTerminal(t, command(t, dir, nil, "init", "st"))
	tm.waitFor("Passphrase: ")
	tm.waitNoEcho()
	tm.typeLine(secret)
	tm.waitFor("Repeat passphrase: ")
	tm.waitNoEcho()
	tm.typeLine(secret + "x")
	if code, screen := tm.exit(); code != 1 || !strings.Contains(screen, "the passphrases differ") {
		t.Fatalf("exit code %d, screen:\n%s", code, screen)
	}
	tm = startTerminal(t, command(t, dir, nil, "init", "st"))
	tm.waitFor("Passphrase: ")
	tm.waitNoEcho()
	tm.typeLine(secret)
	tm.waitFor("Repeat passphrase: ")
	tm.waitNoEcho()
	tm.typeLine(secret)
	if code, screen := tm.exit(); code != 0 || !strings.Contains(screen, "created store ") || strings.Contains(screen, secret) {
		t.Fatalf("exit code %d, screen:\n%s", code, screen)
	}
}

func TestTerminalEraseAsks(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := newStore(t, 1)
	env := []string{"SEALSTREAM_PASSPHRASE=" + secret}
	tm := startTerminal(t, command(t, dir, env, "erase", "s", "--url", "st"))
	tm.waitFor("Type the stream ID to confirm: ")
	tm.typeLine("no")
	if code, screen := tm.exit(); code != 1 || !strings.Contains(screen, `erasing stream "s": not confirmed`) {
		t.Fatalf("exit code %d, screen:\n%s", code, screen)
	}
	tm = startTerminal(t, command(t, dir, env, "erase", "s", "--url", "st"))
	tm.waitFor(`erasing stream "s" cannot be undone. Type the stream ID to confirm: `)
	tm.typeLine("s")
	if code, screen := tm.exit(); code != 0 || !strings.Contains(screen, "erased s\n") {
		t.Fatalf("exit code %d, screen:\n%s", code, screen)
	}
}
