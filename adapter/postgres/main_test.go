package postgres_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/postgres"
)

// TestMain runs the child processes of the multi-process tests when the
// harness started this binary as one, and otherwise the tests, checking
// for leaked goroutines at the end.
func TestMain(m *testing.M) {
	adaptertest.ChildMain(postgres.Open, nil)
	goleak.VerifyTestMain(m)
}
