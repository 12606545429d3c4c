package props_test

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"go.uber.org/goleak"
)

var (
	cases = flag.Int("props.cases", 1000, "cases per property")
	seed  = flag.Int64("props.seed", 0, "seed to replay (0: from the clock)")
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(worldChildEnv); dir != "" {
		os.Exit(worldChild(dir))
	}
	goleak.VerifyTestMain(m)
}

// properties returns a gopter property set running *cases cases with a
// seed it prints, so that any failure can be replayed.
func properties(t *testing.T, n int) *gopter.Properties {
	t.Helper()
	s := *seed
	if s == 0 {
		s = time.Now().UnixNano()
	}
	t.Logf("seed: %d (replay with -props.seed=%d)", s, s)
	p := gopter.DefaultTestParametersWithSeed(s)
	p.MinSuccessfulTests = n
	p.MaxSize = 24
	return gopter.NewProperties(p)
}
