package nats_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
)

// TestConformance runs the adapter suite on one embedded server, each case
// on a JetStream stream of its own.
func TestConformance(t *testing.T) {
	s := startServer(t, t.TempDir(), -1)
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return openAdapter(t, s.ClientURL(), freshOptions())
	})
}
