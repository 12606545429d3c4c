package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the scripts' own commands.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// code N PROG ARGS...: run PROG, which must exit with code N.
	"code": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: code N prog args...")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		got := 0
		var exit *exec.ExitError
		if err := ts.Exec(args[1], args[2:]...); errors.As(err, &exit) {
			got = exit.ExitCode()
		} else {
			ts.Check(err)
		}
		if got != want {
			ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
		}
	},
	// waitfor FILE REGEXP: wait up to 20 s for FILE to match REGEXP.
	"waitfor": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: waitfor file regexp")
		}
		re := regexp.MustCompile(args[1])
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
			if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && re.Match(b) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		ts.Fatalf("%s never matched %q", args[0], args[1])
	},
	// envfrom VAR FILE REGEXP: set VAR to the first group of the first
	// match of REGEXP in FILE.
	"envfrom": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: envfrom var file regexp")
		}
		b, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		m := regexp.MustCompile(args[2]).FindSubmatch(b)
		if len(m) < 2 {
			ts.Fatalf("%s: no group of %q matched", args[1], args[2])
		}
		ts.Setenv(args[0], string(m[1]))
	},
	// flipbyte FILE REGEXP: flip the low bit of the first byte of FILE
	// after the first match of REGEXP.
	"flipbyte": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: flipbyte file regexp")
		}
		path := ts.MkAbs(args[0])
		b, err := os.ReadFile(path)
		ts.Check(err)
		loc := regexp.MustCompile(args[1]).FindIndex(b)
		if loc == nil || loc[1] >= len(b) {
			ts.Fatalf("%s: no byte after %q", args[0], args[1])
		}
		b[loc[1]] ^= 1
		ts.Check(os.WriteFile(path, b, 0o600))
	},
	// droplast FILE: remove the last line of FILE.
	"droplast": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: droplast file")
		}
		path := ts.MkAbs(args[0])
		b, err := os.ReadFile(path)
		ts.Check(err)
		i := bytes.LastIndexByte(bytes.TrimSuffix(b, []byte("\n")), '\n')
		ts.Check(os.WriteFile(path, b[:i+1], 0o600))
	},
}

// archiveCmds edit stream archives.
var archiveCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// truncate FILE N: cut FILE to N bytes.
	"truncate": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: truncate file n")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		ts.Check(os.Truncate(ts.MkAbs(args[0]), int64(n)))
	},
	// chop FILE N: cut the last N bytes of FILE.
	"chop": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: chop file n")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		fi, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		ts.Check(os.Truncate(ts.MkAbs(args[0]), fi.Size()-int64(n)))
	},
	// forge FILE: relabel record 2 of archive FILE as a keyless attacker
	// would: the hash chain and the end line recomputed.
	"forge": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: forge file")
		}
		path := ts.MkAbs(args[0])
		b, err := os.ReadFile(path)
		ts.Check(err)
		ts.Check(os.WriteFile(path, forgeArchive(ts, b), 0o600))
	},
}
