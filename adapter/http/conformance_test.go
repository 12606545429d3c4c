package httpadapter_test

import (
	"testing"

	"github.com/sealstream/sealstream/adapter"
	"github.com/sealstream/sealstream/adapter/adaptertest"
	"github.com/sealstream/sealstream/adapter/mem"
)

// TestConformance runs the adapter suite against a client of a loopback
// server over a file backend.
func TestConformance(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return startServer(t, nil).open(t, "all")
	})
}

// TestConformanceMemBackend runs the suite against a server over the
// memory adapter, whose logs have no event ID index: the client indexes
// by reading.
func TestConformanceMemBackend(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter {
		return startServerOn(t, t.TempDir(), mem.New(), nil).open(t, "all")
	})
}
