package s3_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// TestMain runs the child processes of the multi-process tests when the
// harness started this binary as one, and otherwise the tests, checking
// for leaked goroutines at the end.
func TestMain(m *testing.M) {
	adaptertest.ChildMain(openChild, map[string]adaptertest.Role{"batches": batchRole})
	goleak.VerifyTestMain(m)
}
