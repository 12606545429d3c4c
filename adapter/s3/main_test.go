package s3_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain runs the helper processes of the multi-process tests when the
// role variable names one, and otherwise the tests, checking for leaked
// goroutines at the end.
func TestMain(m *testing.M) {
	if role := os.Getenv(roleEnv); role != "" {
		os.Exit(runRole(role))
	}
	goleak.VerifyTestMain(m)
}
