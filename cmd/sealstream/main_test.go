package main_test

import (
	"maps"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	sealstream "github.com/sealstream/sealstream/cmd/sealstream"
	"go.uber.org/goleak"
)

// TestMain runs the tests; a script's "exec sealstream" runs this test
// binary as the command, in a child process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"sealstream": sealstream.Main})
}

// TestScript runs the scenarios of testdata/*.txtar against the command.
func TestScript(t *testing.T) {
	defer goleak.VerifyNone(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		Cmds:                allCmds(),
		Condition:           serverCondition,
	})
}

func allCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){}
	maps.Copy(cmds, scriptCmds)
	maps.Copy(cmds, archiveCmds)
	cmds["server"] = serverCmd
	cmds["selfsigned"] = selfSignedCmd
	return cmds
}
