package httpadapter_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	httpadapter "github.com/sealstream/sealstream/adapter/http"
	"github.com/sealstream/sealstream/adapter/http/internal/serve"
)

// serveEnv, when set, makes this test binary the sealstream-serve
// command, with the variable's value as its arguments (space-separated).
const serveEnv = "SEALSTREAM_TEST_SERVE"

// tokenEnv hands child processes the token of the server they use.
const tokenEnv = "SEALSTREAM_TEST_TOKEN"

// TestMain runs the server or client child processes of the
// multi-process tests when this binary was started as one, and otherwise
// the tests, checking for leaked goroutines at the end.
func TestMain(m *testing.M) {
	if args := os.Getenv(serveEnv); args != "" {
		os.Exit(serve.Main(strings.Fields(args)))
	}
	adaptertest.ChildMain(openChild, nil)
	goleak.VerifyTestMain(m)
}

// openChild opens the adapter of a child process: the server at url with
// the token the parent put in the environment.
func openChild(ctx context.Context, url string) (adapter.Adapter, error) {
	return httpadapter.Options{Token: os.Getenv(tokenEnv)}.Open(ctx, url)
}
